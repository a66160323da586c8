namespace Supervice.Core;

/// <summary>All timers of the daemon in one priority queue (monotonic ms). An entry carries a generation so
/// that re-arming or cancelling a process's timer makes older entries stale instead of searching the heap.</summary>
public sealed class TimerQueue
{
    public readonly record struct Entry(Action<int> Fire, int Generation);

    private readonly PriorityQueue<Entry, long> _heap = new();

    public int Count => _heap.Count;

    public void Add(long dueMs, Action<int> fire, int generation) => _heap.Enqueue(new Entry(fire, generation), dueMs);

    /// <summary>Milliseconds until the earliest entry (0 if overdue), or -1 when there is none.</summary>
    public int MillisUntilNext(long nowMs)
    {
        if (!_heap.TryPeek(out _, out var due)) return -1;
        var ms = due - nowMs;
        return ms <= 0 ? 0 : (int)Math.Min(ms, int.MaxValue);
    }

    /// <summary>Runs every entry due at nowMs; each gets its generation to compare with its owner's current one.</summary>
    public void FireDue(long nowMs)
    {
        while (_heap.TryPeek(out var entry, out var due) && due <= nowMs)
        {
            _heap.Dequeue();
            entry.Fire(entry.Generation);
        }
    }
}
