namespace Supervice.Core;

/// <summary>Runs a process's health checks for one run (issue: health checks). Placeholder seam: the lifecycle
/// emits StartHealth/StopHealth and the loop calls these.</summary>
public sealed class HealthMonitor
{
    public string? LastMessage { get; set; }
    public bool? Healthy { get; set; }
    public void Stop() { }
}
