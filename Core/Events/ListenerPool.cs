using Supervice.Config.Model;
using Supervice.Config;

namespace Supervice.Core.Events;

/// <summary>One `[eventlistener:x]` pool: its subscriptions and its queue, shared by all its instances. Events are
/// queued up to buffer_size; on overflow the oldest is dropped (supervisor/process.py, EventListenerPool).</summary>
public sealed class ListenerPool(string name, EventListenerSpec spec)
{
    private readonly LinkedList<(SupervisorEvent Event, long PoolSerial)> _queue = new();
    private long _nextPoolSerial;

    public string Name { get; } = name;
    public EventListenerSpec Spec { get; private set; } = spec;
    public int Count => _queue.Count;

    public void Reconfigure(EventListenerSpec spec) => Spec = spec;

    public bool Subscribes(string type)
    {
        foreach (var s in Spec.Events) if (EventNames.Covers(s, type)) return true;
        return false;
    }

    /// <summary>Queues an event (at the head when it is sent again) and returns the serial of the event dropped to
    /// make room, or -1. The global serial comes from nextSerial the first time any pool accepts the event.</summary>
    public long Accept(SupervisorEvent e, long poolSerial, bool head, Func<long> nextSerial)
    {
        if (e.Serial < 0) e.Serial = nextSerial();
        if (poolSerial < 0) poolSerial = _nextPoolSerial++;
        long dropped = -1;
        if (_queue.Count >= Spec.BufferSize)
        {
            dropped = _queue.First!.Value.Event.Serial;
            _queue.RemoveFirst();
        }
        if (head) _queue.AddFirst((e, poolSerial));
        else _queue.AddLast((e, poolSerial));
        return dropped;
    }

    public bool TryTake(out SupervisorEvent e, out long poolSerial)
    {
        if (_queue.First is not { } first) { e = null!; poolSerial = -1; return false; }
        _queue.RemoveFirst();
        (e, poolSerial) = first.Value;
        return true;
    }
}
