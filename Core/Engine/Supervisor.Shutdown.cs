using Microsoft.Extensions.Logging;
using ZLogger;
using Supervice.Core.Daemon;
using Supervice.Core.Lifecycle;

namespace Supervice.Core.Engine;

/// <summary>Shutdown: stop every process, dependents before their dependencies, then in descending priority order (one level and priority at a time, its members in
/// parallel), bounded by shutdown_timeout; SIGKILL whatever outlives it; then end the loop. Nothing is spawned once it
/// began: every process is held (EventKind.Hold) — the down ones at once, the running ones when their batch stops them
/// or when they exit or fail before that — and ctl's start, restart, signal and reload are refused.</summary>
public sealed partial class Supervisor
{
    private const long GraceAfterKillMs = 5000;

    public bool ShuttingDown => _shutdownBatches is not null;

    /// <summary>Begins a graceful shutdown; a second request only logs.</summary>
    public void BeginShutdown(string reason)
    {
        if (_shutdownBatches is not null) { _log.ZLogWarning($"{reason} while already shutting down; still waiting for processes to stop"); return; }
        _log.ZLogInformation($"{reason}: shutting down");
        NotifySocket.Send("STOPPING=1"); // at the start (sd_notify(3)): systemd then knows the wait is a stop, not a hang
        PublishSupervisorState("STOPPING");
        _shutdownBatches = new Queue<List<ManagedProcess>>(
            _processes.GroupBy(p => (Level: ShutdownLevel(p), p.Spec.Priority)).OrderByDescending(g => g.Key.Level).ThenByDescending(g => g.Key.Priority)
                .Select(g => g.ToList()));
        StateChanged += OnShutdownProgress;
        foreach (var p in _processes.Where(p => !IsUp(p.State.State)).ToList()) Dispatch(p, EventKind.Hold);
        After(Config.Supervisor.ShutdownTimeout * 1000L, OnShutdownDeadline);
        NextShutdownBatch();
    }

    private void NextShutdownBatch()
    {
        while (_shutdownBatches!.Count > 0)
        {
            _currentBatch = [.. _shutdownBatches.Dequeue()];
            foreach (var p in _currentBatch) Dispatch(p, EventKind.Hold);
            _stillUp = _currentBatch.Count(p => p.State.State.HasChild());
            if (_stillUp > 0) return;
        }
        _currentBatch = null;
        FinishShutdown();
    }

    private static bool IsUp(ProcessState s) => s is ProcessState.Starting or ProcessState.Running or ProcessState.Unhealthy;

    /// <summary>During shutdown, a process whose batch has not come yet is held before an exit, a failed spawn or a
    /// failed health check is decided, so none of them restarts it (supervisord likewise restarts nothing then).</summary>
    private void HoldBeforeRestarting(ManagedProcess p, EventKind next)
    {
        if (ShuttingDown && !p.State.Held && next is EventKind.Exited or EventKind.SpawnFailed or EventKind.Unhealthy)
            Dispatch(p, EventKind.Hold);
    }

    private void OnShutdownProgress(ManagedProcess p, ProcessState from, ProcessState to)
    {
        if (!from.HasChild() || to.HasChild()) return;
        if (_deadlinePassed) { if (--_stillUp <= 0) FinishShutdown(); return; }
        if (_currentBatch is not null && _currentBatch.Contains(p) && --_stillUp <= 0) NextShutdownBatch();
    }

    private void OnShutdownDeadline()
    {
        if (!_loopRunning) return;
        var alive = _processes.Where(p => p.State.State.HasChild()).ToList();
        if (alive.Count == 0 && _currentBatch is null) return;
        _deadlinePassed = true;
        _log.ZLogWarning($"shutdown_timeout ({Config.Supervisor.ShutdownTimeout}s) passed; killing {alive.Count} remaining process(es) with SIGKILL");
        _shutdownBatches!.Clear();
        _currentBatch = null;
        foreach (var p in _processes.ToArray()) Dispatch(p, EventKind.Stop, force: true);
        _stillUp = _processes.Count(p => p.State.State.HasChild());
        if (_stillUp == 0) { FinishShutdown(); return; }
        After(GraceAfterKillMs, () =>
        {
            if (!_loopRunning) return;
            _log.ZLogError($"processes still alive {GraceAfterKillMs / 1000}s after SIGKILL: {string.Join(", ", _processes.Where(p => p.State.State.HasChild()).Select(p => $"{p.Name} (pid {p.Pid})"))}");
            FinishShutdown();
        });
    }

    private void FinishShutdown()
    {
        if (!_loopRunning) return;
        _loopRunning = false;
        StateChanged -= OnShutdownProgress;
        EndAllTrees();
        _log.ZLogInformation($"all processes stopped");
        ShutdownCompleted?.Invoke();
    }
}
