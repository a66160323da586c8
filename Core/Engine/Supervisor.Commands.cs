
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

    /// <summary>The INFO column: why a process is in its state.</summary>
    public string Info(ManagedProcess p)
    {
        var s = p.State;
        long now = Now();
        string Ago(long at) => FormatAgo((now - at) / 1000);
        return s.State switch
        {
            ProcessState.Running => p.NotifyStatus ?? p.Health?.LastMessage ?? "",
            ProcessState.Unhealthy => p.Health?.LastMessage ?? "unhealthy",
            ProcessState.Starting => p.NotifyStatus ?? string.Join(", ", new[] { ReadinessInfo(p), s.Attempts > 0 ? $"attempt {s.Attempts + 1}/{Tries(p)}" : "" }.Where(x => x.Length > 0)),
            ProcessState.Stopping => s.AwaitingTree ? $"waiting for {p.TreeLeftovers} leftover process{(p.TreeLeftovers == 1 ? "" : "es")}" : "stopping",
            ProcessState.Backoff => $"backoff {Math.Max(0, (s.BackoffUntil - now + 999) / 1000)}s (attempt {Attempt(p)}/{(s.Attempts == 0 && s.Crashes > 0 ? "∞" : Tries(p))}), "
                                    + $"next start {DateTimeOffset.Now.AddMilliseconds(s.BackoffUntil - now):HH:mm:ss}"
                                    + (s.SpawnError is { } e1 ? $", spawn error: {e1}" : s.LastExit is { } x1 ? $", {x1.Describe()}" : ""),
            ProcessState.Exited => s.LastExit is { } x ? $"{x.Describe()} ({Ago(s.LastExitAt)} ago)" : "exited",
            ProcessState.Waiting => WaitingInfo(p),
            ProcessState.Fatal => s.DependencyError is { } dep ? dep
                : s.SpawnError is { } e ? $"spawn error: {e}"
                : s.HealthError is { } h ? $"unhealthy: {h}"
                : $"gave up after {s.Attempts} attempts" + (s.LastExit is { } x2 ? $", {x2.Describe()}" : ""),
            _ => s.LastExit is { } x3 && s.LastExitAt > 0 ? $"{x3.Describe()} ({Ago(s.LastExitAt)} ago)" : "",
        };
    }

    /// <summary>What a STARTING process waits for, when it is not just startsecs.</summary>
    private static string ReadinessInfo(ManagedProcess p) => p.Spec.Readiness switch
    {
        { Kind: Supervice.Config.Model.ReadinessKind.Notify } => "waiting for READY=1",
        { Kind: Supervice.Config.Model.ReadinessKind.Fd } r => $"waiting for a newline on fd {r.Fd}",
        { Kind: Supervice.Config.Model.ReadinessKind.Log } r => $"waiting for \"{r.Text}\" in its output",
        { Kind: Supervice.Config.Model.ReadinessKind.Health } => "waiting for a passing health check",
        _ => "",
    };

    private static string Tries(ManagedProcess p) => p.Spec.RetriesForever ? "∞" : (p.Spec.StartRetries + 1L).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The attempt BACKOFF is waiting to make: the next start attempt, or the next restart of a crash loop.</summary>
    public static int Attempt(ManagedProcess p) => (p.State.Attempts > 0 ? p.State.Attempts : p.State.Crashes) + 1;

    /// <summary>Epoch seconds of the next start while in BACKOFF, else null.</summary>
    public static long? NextStart(ManagedProcess p)
        => p.State.State == ProcessState.Backoff ? DateTimeOffset.Now.AddMilliseconds(p.State.BackoffUntil - Now()).ToUnixTimeSeconds() : null;

    private static string FormatAgo(long seconds) => seconds switch
    {
        < 60 => $"{seconds}s",
        < 3600 => $"{seconds / 60}m",
        < 86400 => $"{seconds / 3600}h",
        _ => $"{seconds / 86400}d",
    };

    public long? UptimeSeconds(ManagedProcess p)
        => p.StartedAtWall is { } at && p.State.State.HasChild() ? Math.Max(0, (long)(DateTimeOffset.Now - at).TotalSeconds) : null;
}
