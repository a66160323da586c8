
using Supervice.Config;
using Supervice.Config.Model;
using Supervice.Core.Reap;

namespace Supervice.Core.Health;

/// <summary>The health checks of one run of a process. Lives on the loop; the checks themselves run elsewhere
/// and report back. `Healthy` stays visible after the run ends, until the next run's checks begin.</summary>
public sealed class HealthMonitor(HealthCheckSpec spec)
{
    public HealthCheckSpec Spec { get; } = spec;
    /// <summary>Consecutive failed checks of this run (reset by a pass).</summary>
    public int Failures { get; private set; }
    public bool? Healthy { get; private set; }
    public string? LastMessage { get; private set; }
    public bool Cancelled { get; private set; }
    /// <summary>The running script check's pid (its own process group), killed when the checks stop.</summary>
    public int ScriptPid { get; set; }

    /// <summary>Counts one check result: a pass resets the failures; the `retries`-th consecutive failure
    /// (at least one) makes the run unhealthy. What happens then is the lifecycle table's decision.</summary>
    public HealthVerdict Record(bool ok, string message)
    {
        LastMessage = message;
        int retries = Math.Max(1, Spec.Retries);
        if (ok)
        {
            var passed = new HealthVerdict(true, Failures, retries, message, Spec.Type);
            Failures = 0;
            Healthy = true;
            return passed;
        }
        Failures++;
        if (Failures >= retries) Healthy = false;
        return new HealthVerdict(false, Failures, retries, message, Spec.Type);
    }

    /// <summary>Cancels the checks; returns the running script's pid (0: none), whose group the caller kills
    /// through the reaper, which knows whether that pid is still ours.</summary>
    public int Stop()
    {
        Cancelled = true;
        return ScriptPid;
    }
}

/// <summary>One check result as counted by <see cref="HealthMonitor.Record"/>. `Failures` is the count before a
/// pass reset it (for "passed after N failures"), or the consecutive failures so far.</summary>
public readonly record struct HealthVerdict(bool Passed, int Failures, int Retries, string Message, HealthCheckType Type)
{
    /// <summary>This failure is the one that crosses `retries`: the process becomes unhealthy.</summary>
    public bool Unhealthy => !Passed && Failures >= Retries;

    /// <summary>The reason carried by the Unhealthy event (INFO of an UNHEALTHY or FATAL process).</summary>
    public string Why => $"{TypeName(Type)} check failed {Failures} time{(Failures == 1 ? "" : "s")}: {Message}";

    private static string TypeName(HealthCheckType type) => type switch
    {
        HealthCheckType.Tcp => "tcp",
        HealthCheckType.Http => "http",
        _ => "script",
    };
}
