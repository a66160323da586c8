using Microsoft.Extensions.Logging;
using ZLogger;

using Supervice.Config.Model;
using Supervice.Core.Events;
using Supervice.Core.Lifecycle;
using Supervice.Core.Native;
using Supervice.Core.Native.Streams;
using Supervice.Core.Output;
using Supervice.Core.Spawn;
using Supervice.Config;

namespace Supervice.Core.Engine;

/// <summary>supervisord's event listeners (README: Event listeners): the pools and their queues, the listener protocol over each
/// instance's stdin/stdout, and the sources — state changes (from OnTransition, the one place they happen), output
/// chunks, ticks, daemon state and group changes. Everything here runs on the loop thread.</summary>
public sealed partial class Supervisor
{
    private static readonly int[] TickPeriods = [5, 60, 3600];

    private string EventServer => Config.Supervisor.Identifier is "supervice" or "" ? "supervisor" : Config.Supervisor.Identifier;

    /// <summary>At start and after a reload: one pool per listener group; taps and ticks follow the subscriptions.</summary>
    private void RebuildPools()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var spec in Config.Processes)
        {
            if (spec.Listener is not { } l || !seen.Add(spec.GroupName)) continue;
            if (_pools.TryGetValue(spec.GroupName, out var pool)) pool.Reconfigure(l);
            else _pools[spec.GroupName] = new ListenerPool(spec.GroupName, l);
        }
        foreach (var name in _pools.Keys.Where(n => !seen.Contains(n)).ToList()) _pools.Remove(name);
        UpdateLogTaps();
        ArmTicks();
    }

    private bool Subscribed(string type)
    {
        foreach (var pool in _pools.Values) if (pool.Subscribes(type)) return true;
        return false;
    }

    private void Publish(string type, Func<byte[]> payload) => Publish(type, payload, _pools.Values);

    private void Publish(string type, Func<byte[]> payload, IEnumerable<ListenerPool> pools)
    {
        if (_pools.Count == 0) return;
        SupervisorEvent? e = null;
        foreach (var pool in pools)
        {
            if (!pool.Subscribes(type)) continue;
            e ??= new SupervisorEvent(type, payload());
            Enqueue(pool, e, -1, head: false);
        }
    }

    private void Enqueue(ListenerPool pool, SupervisorEvent e, long poolSerial, bool head)
    {
        var dropped = pool.Accept(e, poolSerial, head, () => _nextEventSerial++);
        if (dropped >= 0) _log.ZLogError($"pool {pool.Name} event buffer overflowed, discarding event {dropped}");
        SendQueued(pool);
    }

    /// <summary>Hands queued events to the pool's RUNNING instances that said READY, first instance first.</summary>
    private void SendQueued(ListenerPool pool)
    {
        while (pool.Count > 0)
        {
            var listener = _processes.FirstOrDefault(p => p.Listener is { Protocol.State: ListenerState.Ready }
                && p.State.State == ProcessState.Running && p.Spec.GroupName == pool.Name);
            if (listener is null || !pool.TryTake(out var e, out var poolSerial)) return;
            Send(listener, pool, e, poolSerial);
        }
    }

    /// <summary>As supervisord's _dispatchEvent: the listener is BUSY once the envelope is handed to its stdin, written
    /// whole or not; what the pipe does not take now is written from the loop when it has room, so a listener that
    /// stops reading stalls only itself.</summary>
    private void Send(ManagedProcess p, ListenerPool pool, SupervisorEvent e, long poolSerial)
    {
        var ch = p.Listener!;
        var header = EventPayloads.Header(EventServer, e.Serial, pool.Name, poolSerial, e.Type, e.Payload.Length);
        ch.InFlight = e;
        ch.InFlightPoolSerial = poolSerial;
        ch.Protocol.Sent();
        AfterWrite(p, ch, ch.Write(header, e.Payload));
    }

    private void AfterWrite(ManagedProcess p, ListenerChannel ch, StdinWrite outcome)
    {
        if (outcome == StdinWrite.Pending && _stdinWatch.Watch(ch.StdinFd, () => Post(() => OnStdinWritable(p, ch)))) return;
        if (outcome == StdinWrite.Done) return;
        var why = outcome == StdinWrite.Failed ? Libc.StrError(ch.Errno) : $"cannot wait for its stdin: {Libc.StrError(Libc.Errno)}";
        _log.ZLogWarning($"{p.Name}: cannot send event {ch.InFlight?.Serial} to the listener: {why}");
        ch.Drop();
        if (_pools.TryGetValue(p.Spec.GroupName, out var pool)) Requeue(ch, pool); // it stays BUSY: no event goes to it again this run
    }

    private void OnStdinWritable(ManagedProcess p, ListenerChannel ch)
    {
        if (p.Listener != ch || ch.StdinFd < 0 || ch.PendingBytes == 0) return;
        AfterWrite(p, ch, ch.Flush());
    }

    /// <summary>A listener's stdout is its protocol, never logged: each chunk is read on the loop.</summary>
    private void AttachListener(ManagedProcess p, in SpawnOutcome outcome, Action closed)
    {
        int pid = outcome.Pid;
        p.Listener = new ListenerChannel(pid, outcome.StdinFd);
        var sink = new OutputSink(p.Name, "protocol", new LogSpec(null));
        sink.Tap = data =>
        {
            var copy = data.ToArray();
            Post(() => OnListenerOutput(p, pid, copy));
        };
        _capture.Attach(outcome.StdoutFd, sink, () => { closed(); Post(sink.Dispose); });
    }

    private void OnListenerOutput(ManagedProcess p, int pid, byte[] data)
    {
        if (p.Listener is not { } ch || ch.Pid != pid || !_pools.TryGetValue(p.Spec.GroupName, out var pool)) return;
        ch.Protocol.Feed(data);
        while (true)
        {
            switch (ch.Protocol.Next())
            {
                case ListenerSignal.None: return;
                case ListenerSignal.Ready: SendQueued(pool); break;
                case ListenerSignal.Result:
                    if (Resulted(p, ch, pool)) break;
                    ch.Protocol.Fail("its result made supervisor_stdout:event_handler fail");
                    goto case ListenerSignal.Broken;
                case ListenerSignal.Broken:
                    _log.ZLogWarning($"{p.Name}: event listener broke the protocol ({ch.Protocol.Error}); state UNKNOWN: restarting it");
                    Requeue(ch, pool);
                    Signal(pid, Signals.SIGKILL, p.Spec.KillAsGroup);
                    return;
            }
        }
    }

    /// <summary>False when the result handler fails on the body (supervisord: "event caused an error", state UNKNOWN).</summary>
    private bool Resulted(ManagedProcess p, ListenerChannel ch, ListenerPool pool)
    {
        var body = ch.Protocol.Body;
        if (pool.Spec.BodyToStdout)
        {
            if (EventPayloads.StdoutHandlerLines(body) is not { } lines) return false;
            try { ConsoleLog.Write(CliOutput.Stdout, lines); } catch (IOException) { }
            ch.InFlight = null;
        }
        else if (body.AsSpan().SequenceEqual("OK"u8)) ch.InFlight = null;
        else
        {
            _log.ZLogDebug($"{p.Name}: event {ch.InFlight?.Serial} rejected; it will be sent again");
            Requeue(ch, pool);
        }
        return true;
    }

    private void Requeue(ListenerChannel ch, ListenerPool pool)
    {
        if (ch.InFlight is not { } e) return;
        ch.InFlight = null;
        Enqueue(pool, e, ch.InFlightPoolSerial, head: true);
    }

    /// <summary>Called from OnTransition for every state change: the PROCESS_STATE_* source, and a listener's run
    /// beginning or ending.</summary>
    private void EventsOnTransition(ManagedProcess p, in LifecycleState before, in LifecycleState after)
    {
        if (p.Listener is { } ch && !after.State.HasChild())
        {
            if (ch.StdinFd >= 0)
            {
                _stdinWatch.Forget(ch.StdinFd);
                Libc.close(ch.StdinFd);
            }
            ch.StdinFd = -1;
            ch.Drop();
            p.Listener = null;
            if (_pools.TryGetValue(p.Spec.GroupName, out var owner)) Requeue(ch, owner);
        }
        if (_pools.Count == 0 || EventPayloads.StateName(after.State) is not { } to || EventPayloads.StateName(before.State) is not { } from) return;
        var type = "PROCESS_STATE_" + to;
        int pid = after.Pid != 0 ? after.Pid : before.Pid;
        int tries = after.Attempts;
        bool expected = after.LastExit is { } exit && exit.Signal == 0 && p.Spec.ExitCodes.Contains(exit.Code);
        var spec = p.Spec;
        Publish(type, () => EventPayloads.StateChange(spec.Name, spec.GroupName, from, to, pid, tries, expected));
        if (after.State == ProcessState.Running && spec.Listener is not null && _pools.TryGetValue(spec.GroupName, out var pool)) SendQueued(pool);
    }

    private void UpdateLogTaps()
    {
        bool stdout = Subscribed("PROCESS_LOG_STDOUT"), stderr = Subscribed("PROCESS_LOG_STDERR");
        foreach (var p in _processes)
        {
            if (p.Spec.Listener is not null) continue;
            p.Stdout.Tap = stdout && p.Spec.StdoutEvents ? LogTap(p, "stdout") : null;
            p.Stderr.Tap = stderr && p.Spec.StderrEvents ? LogTap(p, "stderr") : null;
        }
    }

    private ChunkTap LogTap(ManagedProcess p, string channel)
    {
        var type = channel == "stdout" ? "PROCESS_LOG_STDOUT" : "PROCESS_LOG_STDERR";
        return data =>
        {
            var copy = data.ToArray();
            Post(() => Publish(type, () => EventPayloads.ProcessLog(p.Name, p.Spec.GroupName, p.Pid, channel, copy)));
        };
    }

    /// <summary>TICK_N timers exist only while some pool subscribes; `when` is aligned to a multiple of N.</summary>
    private void ArmTicks()
    {
        int generation = ++_tickGeneration;
        foreach (var period in TickPeriods)
            if (Subscribed($"TICK_{period}")) ArmTick(period, generation);
    }

    private void ArmTick(int period, int generation)
    {
        long nowMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), periodMs = period * 1000L;
        long next = (nowMs / periodMs + 1) * periodMs;
        _timers.Add(Now() + (next - nowMs), () =>
        {
            Publish($"TICK_{period}", () => EventPayloads.Tick(next / 1000));
            ArmTick(period, generation);
        }, () => generation == _tickGeneration);
    }

    /// <summary>At start, as supervisord.py's run: the groups are added in (priority, name) order and each pool subscribes
    /// when its own group is added, so it sees PROCESS_GROUP_ADDED for itself and the groups after it (listeners default
    /// to priority -1: all of them, usually).</summary>
    private void PublishGroupsAdded()
    {
        if (_pools.Count == 0) return;
        var subscribed = new List<ListenerPool>();
        foreach (var g in Config.Groups.OrderBy(g => g.Priority).ThenBy(g => g.Name, StringComparer.Ordinal))
        {
            if (_pools.TryGetValue(g.Name, out var pool)) subscribed.Add(pool);
            var name = g.Name;
            Publish("PROCESS_GROUP_ADDED", () => EventPayloads.Group(name), subscribed);
        }
    }

    private void PublishSupervisorState(string state) => Publish("SUPERVISOR_STATE_CHANGE_" + state, static () => []);

    private void PublishGroupChanges(IEnumerable<string> before, IEnumerable<string> after)
    {
        var old = before.ToHashSet(StringComparer.Ordinal);
        var now = after.ToHashSet(StringComparer.Ordinal);
        foreach (var g in old.Where(g => !now.Contains(g)).Order(StringComparer.Ordinal))
            Publish("PROCESS_GROUP_REMOVED", () => EventPayloads.Group(g));
        foreach (var g in now.Where(g => !old.Contains(g)).Order(StringComparer.Ordinal))
            Publish("PROCESS_GROUP_ADDED", () => EventPayloads.Group(g));
    }
}
