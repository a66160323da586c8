using Supervice.Config.Model;
using Supervice.Core.Lifecycle;

namespace Supervice.Core.Engine;

/// <summary>The words of `ctl status`: the INFO column (why a process is in its state), the attempt a BACKOFF
/// waits to make, the next start and the uptime. Pure reads of a process's state.</summary>
public static class StatusInfo
{
    /// <summary>The INFO column of `ctl status` for a process at loop time `now`; `waiting` words a WAITING
    /// process's unmet dependencies (the graph is the supervisor's).</summary>
    public static string Of(ManagedProcess p, long now, Func<ManagedProcess, string> waiting)
    {
        var s = p.State;
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
            ProcessState.Waiting => waiting(p),
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
        { Kind: ReadinessKind.Notify } => "waiting for READY=1",
        { Kind: ReadinessKind.Fd } r => $"waiting for a newline on fd {r.Fd}",
        { Kind: ReadinessKind.Log } r => $"waiting for \"{r.Text}\" in its output",
        { Kind: ReadinessKind.Health } => "waiting for a passing health check",
        _ => "",
    };

    private static string Tries(ManagedProcess p) => p.Spec.RetriesForever ? "∞" : (p.Spec.StartRetries + 1L).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The attempt BACKOFF is waiting to make: the next start attempt, or the next restart of a crash loop.</summary>
    public static int Attempt(ManagedProcess p) => (p.State.Attempts > 0 ? p.State.Attempts : p.State.Crashes) + 1;

    /// <summary>Epoch seconds of the next start while in BACKOFF, else null.</summary>
    public static long? NextStart(ManagedProcess p)
        => p.State.State == ProcessState.Backoff ? DateTimeOffset.Now.AddMilliseconds(p.State.BackoffUntil - Supervisor.Now()).ToUnixTimeSeconds() : null;

    private static string FormatAgo(long seconds) => seconds switch
    {
        < 60 => $"{seconds}s",
        < 3600 => $"{seconds / 60}m",
        < 86400 => $"{seconds / 3600}h",
        _ => $"{seconds / 86400}d",
    };

    public static long? UptimeSeconds(ManagedProcess p)
        => p.StartedAtWall is { } at && p.State.State.HasChild() ? Math.Max(0, (long)(DateTimeOffset.Now - at).TotalSeconds) : null;
}
