namespace Supervice.Core.Scheduling;

/// <summary>All timers of the daemon in one priority queue (monotonic ms). An entry may carry a liveness test
/// (a process timer re-armed or cancelled since, an RPC deadline whose request finished): dead entries are dropped
/// before the loop decides how long to sleep, so it never wakes for a timer that is no longer wanted.</summary>
public sealed class TimerQueue
{
    public readonly record struct Entry(Action Fire, Func<bool>? Alive);

    private readonly PriorityQueue<Entry, long> _heap = new();

    public int Count => _heap.Count;

    public void Add(long dueMs, Action fire, Func<bool>? alive = null) => _heap.Enqueue(new Entry(fire, alive), dueMs);

    /// <summary>Milliseconds until the earliest live entry (0 if overdue), or -1 when there is none.</summary>
    public int MillisUntilNext(long nowMs)
    {
        while (_heap.TryPeek(out var entry, out var due))
        {
            if (entry.Alive is { } alive && !alive()) { _heap.Dequeue(); continue; }
            var ms = due - nowMs;
            return ms <= 0 ? 0 : (int)Math.Min(ms, int.MaxValue);
        }
        return -1;
    }

    /// <summary>Runs every live entry due at nowMs.</summary>
    public void FireDue(long nowMs)
    {
        while (_heap.TryPeek(out var entry, out var due) && due <= nowMs)
        {
            _heap.Dequeue();
            if (entry.Alive is null || entry.Alive()) entry.Fire();
        }
    }
}
