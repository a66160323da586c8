using Microsoft.Extensions.Logging;
using ZLogger;
using Supervice.Core.Lifecycle;

namespace Supervice.Core.Engine;

/// <summary>The rules that end the daemon by themselves, for containers: an `essential` program that ends for good
/// (EXITED without a restart, or FATAL) shuts everything down with its exit code; `exit_when_done` shuts down once
/// no process is left starting, running, backing off or stopping, with 0 if every process ended as expected, else
/// 1. Checked after the transition that could trigger them (posted, so the shutdown never runs inside a dispatch).
/// A `ctl stop` ends in STOPPED, never in EXITED or FATAL, so it is not an end.</summary>
public sealed partial class Supervisor
{
    /// <summary>The daemon's exit status: 0 unless an essential program or exit_when_done decided otherwise.</summary>
    public int ExitCode { get; private set; }

    private void WatchEndingRules()
    {
        StateChanged += (p, from, to) =>
        {
            if (!p.Spec.Essential && !Config.Supervisor.ExitWhenDone) return;
            if (!IsActive(to)) Post(CheckEndingRules);
        };
    }

    /// <summary>After autostart: with exit_when_done and nothing started, the daemon is done at once.</summary>
    private void AutostartDone()
    {
        _autostartDone = true;
        if (Config.Supervisor.ExitWhenDone) Post(CheckEndingRules);
    }

    private void CheckEndingRules()
    {
        if (ShuttingDown || !_loopRunning) return;
        foreach (var p in _processes)
        {
            if (!p.Spec.Essential || p.Removed || p.State.State is not (ProcessState.Exited or ProcessState.Fatal)) continue;
            ExitCode = EssentialCode(p.State);
            var how = p.State.LastExit is { } x ? x.Describe() : p.State.SpawnError is { } e ? $"spawn error: {e}" : "never ran";
            _log.ZLogError($"essential program {p.Name} ended ({p.State.State.Wire()}, {how}): shutting down with exit status {ExitCode}");
            BeginShutdown($"essential program {p.Name} ended");
            return;
        }
        if (!Config.Supervisor.ExitWhenDone || !_autostartDone) return;
        // Event listeners serve the others: they never keep the daemon from being done, nor count as failures.
        if (_processes.Any(p => p.Spec.Listener is null && IsActive(p.State.State))) return;
        var failed = _processes.Where(p => !p.Removed && p.Spec.Listener is null && !EndedAsExpected(p)).Select(p => p.Name).ToList();
        ExitCode = failed.Count == 0 ? 0 : 1;
        _log.ZLogInformation($"exit_when_done: every process is done{(failed.Count == 0 ? "" : $"; not as expected: {string.Join(", ", failed)}")}: exit status {ExitCode}");
        BeginShutdown("exit_when_done");
    }

    /// <summary>Starting, running, backing off or stopping: not done yet.</summary>
    private static bool IsActive(ProcessState s)
        => s is ProcessState.Starting or ProcessState.Running or ProcessState.Backoff or ProcessState.Stopping or ProcessState.Unhealthy or ProcessState.Waiting;

    /// <summary>The exit code passed on for an essential program: its own code, 128+N for a signal N, and 1 when it
    /// has none (it never ran) or went FATAL after exiting 0.</summary>
    public static int EssentialCode(in LifecycleState s)
    {
        if (s.LastExit is not { } x) return 1;
        int code = x.BySignal ? 128 + x.Signal : x.Code;
        return code == 0 && s.State == ProcessState.Fatal ? 1 : code;
    }

    private static bool EndedAsExpected(ManagedProcess p) => p.State.State switch
    {
        ProcessState.Fatal => false,
        ProcessState.Exited => p.State.LastExit is { } x && !x.BySignal && p.Spec.ExitCodes.Contains(x.Code),
        _ => true, // STOPPED: never started, or stopped on purpose
    };
}
