using Microsoft.Extensions.Logging;
using ZLogger;
using Supervice.Config.Model;
using Supervice.Core.Lifecycle;
using Supervice.Core.Output;
using Supervice.Core.Readiness;
using Supervice.Core.Spawn;

namespace Supervice.Core.Engine;

/// <summary>Readiness (README: Service dependencies and readiness): the sd_notify socket (one for the daemon, opened on the first notify spawn), the s6
/// fd:N pipe, the log:TEXT watchers, and the watchdog: a deadline each WATCHDOG=1 moves, checked by one timer.</summary>
public sealed partial class Supervisor
{
    /// <summary>The variables and fds a spawn needs for its readiness kind.</summary>
    private SpawnRequest WithReadiness(ManagedProcess p, SpawnRequest request)
    {
        var r = p.Spec.Readiness;
        p.NotifyStatus = null;
        if (r.Kind == ReadinessKind.Fd) return request with { ReadyFd = r.Fd };
        if (r.Kind != ReadinessKind.Notify) return request;
        if (_notify is null && !_notifyFailed)
        {
            _notify = NotifyListener.Open(d => Post(() => OnNotify(d)), out var error);
            if (_notify is null) { _notifyFailed = true; _log.ZLogError($"cannot open the notify socket: {error}; readiness = notify programs will time out"); }
        }
        if (_notify is null) return request;
        return request with { Environment = [.. request.Environment.Where(kv => kv.Key != "NOTIFY_SOCKET"), new("NOTIFY_SOCKET", _notify.Address)] };
    }

    /// <summary>After a successful spawn: watch for the readiness signal of this run.</summary>
    private void WatchReadiness(ManagedProcess p, in SpawnOutcome outcome)
    {
        int pid = outcome.Pid;
        p.Stdout.Watcher = p.Stderr.Watcher = null;
        var r = p.Spec.Readiness;
        switch (r.Kind)
        {
            case ReadinessKind.Notify:
                _notifyRuns[pid] = p;
                break;
            case ReadinessKind.Log:
                var needle = System.Text.Encoding.UTF8.GetBytes(r.Text ?? "");
                p.Stdout.Watcher = Watch(new TextWatcher(needle), p, pid);
                if (!p.Spec.RedirectStderr) p.Stderr.Watcher = Watch(new TextWatcher(needle), p, pid);
                break;
            case ReadinessKind.Fd when outcome.ReadyFd >= 0:
                var sink = new OutputSink(p.Name, $"fd{r.Fd}", new LogSpec(null)) { Watcher = Watch(new TextWatcher("\n"u8.ToArray()), p, pid) };
                _capture.Attach(outcome.ReadyFd, sink, () => Post(sink.Dispose));
                break;
        }
    }

    private ChunkWatcher Watch(TextWatcher watcher, ManagedProcess p, int pid)
        => data => { if (watcher.Feed(data)) Post(() => OnReadySignal(p, pid)); };

    private void OnReadySignal(ManagedProcess p, int pid)
    {
        if (p.State.Pid != pid || p.State.State != ProcessState.Starting) return;
        Dispatch(p, EventKind.Ready);
    }

    /// <summary>Called on every transition: readiness watchers end with STARTING, the watchdog begins with RUNNING.</summary>
    private void ReadinessTransition(ManagedProcess p, in LifecycleState before, in LifecycleState after)
    {
        if (before.State == ProcessState.Starting && after.State != ProcessState.Starting) p.Stdout.Watcher = p.Stderr.Watcher = null;
        if (!after.State.HasChild() && before.Pid != 0) _notifyRuns.Remove(before.Pid);
        if (after.State == ProcessState.Running && before.State == ProcessState.Starting && p.Spec.Readiness is { Kind: ReadinessKind.Notify, WatchdogSecs: > 0 } r)
        {
            int pid = after.Pid;
            p.WatchdogDeadline = Now() + r.WatchdogSecs * 1000L;
            _timers.Add(p.WatchdogDeadline, () => CheckWatchdog(p, pid));
        }
    }

    /// <summary>Pings only move the deadline; this one timer re-arms itself for the latest deadline, or fires the miss.</summary>
    private void CheckWatchdog(ManagedProcess p, int pid)
    {
        if (p.State.Pid != pid || p.State.State is not (ProcessState.Running or ProcessState.Unhealthy)) return;
        if (Now() < p.WatchdogDeadline) { _timers.Add(p.WatchdogDeadline, () => CheckWatchdog(p, pid)); return; }
        Dispatch(p, EventKind.WatchdogMissed);
    }

    /// <summary>A datagram counts only when its sender is a notify child, in its process group, or descends from it.</summary>
    private void OnNotify(NotifyDatagram d)
    {
        var p = Owner(d.Pid) ?? Owner(d.ProcessGroup);
        for (int i = 0; p is null && i < d.Ancestors.Count; i++) p = Owner(d.Ancestors[i]);
        if (p is null)
        {
            _log.ZLogWarning($"ignored a notify datagram from pid {d.Pid}: not a process of a readiness = notify program");
            return;
        }
        foreach (var line in d.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (line == "READY=1") { if (p.State.State == ProcessState.Starting) Dispatch(p, EventKind.Ready); }
            else if (line.StartsWith("STATUS=", StringComparison.Ordinal)) p.NotifyStatus = line[7..];
            else if (line == "WATCHDOG=1" && p.Spec.Readiness.WatchdogSecs > 0) p.WatchdogDeadline = Now() + p.Spec.Readiness.WatchdogSecs * 1000L;
            else if (line.StartsWith("MAINPID=", StringComparison.Ordinal)) _log.ZLogWarning($"{p.Name}: {line} ignored (the supervised pid stays {p.Pid})");
            else if (line == "STOPPING=1") _log.ZLogInformation($"{p.Name}: reports STOPPING=1");
        }
    }

    private ManagedProcess? Owner(int pid)
        => pid > 1 && _notifyRuns.TryGetValue(pid, out var p) && p.State.Pid == pid && p.State.State.HasChild() ? p : null;
}
