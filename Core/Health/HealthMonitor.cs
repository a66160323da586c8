
using Supervice.Config;
using Supervice.Config.Model;
using Supervice.Core.Reap;

namespace Supervice.Core.Health;

/// <summary>The health checks of one run of a process. Lives on the loop; the checks themselves run elsewhere
/// and report back. `Healthy` stays visible after the run ends, until the next run's checks begin.</summary>
public sealed class HealthMonitor(HealthCheckSpec spec)
{
    public HealthCheckSpec Spec { get; } = spec;
    public int Failures { get; set; }
    public bool? Healthy { get; set; }
    public string? LastMessage { get; set; }
    public bool Cancelled { get; private set; }
    /// <summary>The running script check's pid (its own process group), killed when the checks stop.</summary>
    public int ScriptPid { get; set; }

    /// <summary>Cancels the checks; returns the running script's pid (0: none), whose group the caller kills
    /// through the reaper, which knows whether that pid is still ours.</summary>
    public int Stop()
    {
        Cancelled = true;
        return ScriptPid;
    }
}
