
using Supervice.Core.Lifecycle;
using Supervice.Core.Reap;

namespace Supervice.Core.Engine;

/// <summary>What ctl can ask of processes. Each method must be called on the loop thread (the RPC backend posts
/// them there); operations that wait complete their task when the process reaches its goal or a deadline.</summary>
public sealed partial class Supervisor
{
    /// <summary>Resolves NAMEs: a process name, a program name (all its instances), `GROUP:*` / `GROUP:`, or `all`.
    /// Unknown names are returned separately; order follows the status table, without duplicates.</summary>
    public List<ManagedProcess> Resolve(IEnumerable<string> names, List<string> unknown)
    {
        var picked = new HashSet<ManagedProcess>();
        foreach (var raw in names)
        {
            var name = raw.Trim();
            var matches = name == "all"
                ? _processes.Where(p => !p.Removed).ToList()
                : name.EndsWith(":*", StringComparison.Ordinal) || (name.EndsWith(':') && !_byName.ContainsKey(name))
                    ? _processes.Where(p => !p.Removed && p.Spec.GroupName == name.TrimEnd('*').TrimEnd(':')).ToList()
                    : _byName.TryGetValue(name, out var exact) ? [exact]
                    : _processes.Where(p => !p.Removed && p.Spec.ProgramName == name).ToList();
            if (matches.Count == 0) unknown.Add(name);
            picked.UnionWith(matches);
        }
        return _processes.Where(picked.Contains).ToList();
    }

    public bool GroupExists(string group) => _processes.Any(p => !p.Removed && p.Spec.GroupName == group);

    /// <summary>Why start, restart, signal and reload are refused once shutdown began (README: Security).</summary>
    public const string ShuttingDownMessage = "shutting down";

    public Task<OpResult> Start(ManagedProcess p)
    {
        if (ShuttingDown) return Task.FromResult(OpResult.Refused(p));
        if (p.State.State is ProcessState.Running or ProcessState.Unhealthy)
            return Task.FromResult(OpResult.Success(p, "already running"));
        Dispatch(p, EventKind.Start);
        return Await(p, StartFinished, StartBudgetMs(p),
            x => OpResult.Fail(x, $"did not reach RUNNING (state: {x.State.State.Wire()})"));
    }

    public Task<OpResult> Stop(ManagedProcess p)
    {
        Dispatch(p, EventKind.Stop);
        return Await(p, x => x.State.State.HasChild() || x.State.State == ProcessState.Backoff ? null : OpResult.Success(x, "stopped"),
            (2 * p.Spec.StopWaitSecs + 7) * 1000L, x => OpResult.Fail(x, $"did not stop (state: {x.State.State.Wire()})"));
    }

    public Task<OpResult> Restart(ManagedProcess p, bool force)
    {
        if (ShuttingDown) return Task.FromResult(OpResult.Refused(p));
        Dispatch(p, EventKind.Restart, force);
        return Await(p, x => StartFinished(x) is { } r ? (r.Ok ? OpResult.Success(x, "restarted") : r) : null,
            (2 * p.Spec.StopWaitSecs + 2) * 1000L + StartBudgetMs(p), // a leader's stop, then its leftovers', then the start
            x => OpResult.Fail(x, $"did not reach RUNNING (state: {x.State.State.Wire()})"));
    }

    public OpResult SendSignal(ManagedProcess p, int signal)
    {
        if (ShuttingDown) return OpResult.Refused(p);
        if (!p.State.State.HasChild() || p.Pid <= 0) return OpResult.Fail(p, "not running", OpFailure.NotRunning);
        // The pid may already be reaped with its exit still on the way here: then nothing is signalled.
        if (!Signal(p.Pid, signal, asGroup: true)) return OpResult.Fail(p, "not running", OpFailure.NotRunning);
        return OpResult.Success(p, "signalled");
    }

    private static OpResult? StartFinished(ManagedProcess p) => p.State.State switch
    {
        ProcessState.Running or ProcessState.Unhealthy => OpResult.Success(p, "started"),
        ProcessState.Fatal => OpResult.Fail(p, p.State.DependencyError ?? (p.State.SpawnError is { } e ? $"spawn error: {e}" : $"gave up after {p.State.Attempts} attempts"), OpFailure.NotRunning),
        ProcessState.Exited when !p.State.WantRunning => OpResult.Fail(p, p.State.LastExit?.Describe() ?? "exited", OpFailure.NotRunning),
        ProcessState.Stopped when !p.State.WantRunning => OpResult.Fail(p, "stopped before it started", OpFailure.NotRunning),
        _ => null,
    };

    private Task<OpResult> Await(ManagedProcess p, Func<ManagedProcess, OpResult?> check, long timeoutMs, Func<ManagedProcess, OpResult> onTimeout)
    {
        if (check(p) is { } now) return Task.FromResult(now);
        var done = new TaskCompletionSource<OpResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        p.Waiters.Add(x =>
        {
            if (done.Task.IsCompleted) return true;
            if (check(x) is not { } r) return false;
            done.TrySetResult(r);
            return true;
        });
        _timers.Add(Now() + timeoutMs, () => done.TrySetResult(onTimeout(p)), () => !done.Task.IsCompleted);
        return done.Task;
    }

    /// <summary>The INFO column: why a process is in its state (the words are StatusInfo's).</summary>
    public string Info(ManagedProcess p) => StatusInfo.Of(p, Now(), WaitingInfo);
}
