namespace Supervice.Core.Scheduling;

/// <summary>The event loop's inbox: any thread posts work; only the loop thread takes it. Waiting with
/// nothing due blocks without a timeout, so an idle daemon makes no wakeups.</summary>
public sealed class EventQueue
{
    private readonly object _gate = new();
    private List<Action> _pending = new();
    private List<Action> _spare = new();

    public void Post(Action work)
    {
        lock (_gate)
        {
            _pending.Add(work);
            if (_pending.Count == 1) Monitor.Pulse(_gate);
        }
    }

    /// <summary>Waits up to timeoutMs (-1: forever) for work and returns everything queued, in order.
    /// The returned list is reused: the caller must finish with it before the next call.</summary>
    public List<Action> Take(int timeoutMs)
    {
        lock (_gate)
        {
            if (_pending.Count == 0 && timeoutMs != 0) Monitor.Wait(_gate, timeoutMs);
            var taken = _pending;
            _pending = _spare;
            _spare = taken;
            _pending.Clear();
            return taken;
        }
    }
}
