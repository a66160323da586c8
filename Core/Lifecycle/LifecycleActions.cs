namespace Supervice.Core.Lifecycle;

[Flags]
public enum ActionKind
{
    None = 0,
    Spawn = 1,            // spawn the process now (the result comes back as Spawned / SpawnFailed)
    SignalGroup = 2,      // send Signal to the process group
    ArmTimer = 4,         // arm the single timer of this process: TimerDelayMs from now
    CancelTimer = 8,      // cancel the pending timer
    StartHealth = 16,     // start health checks for the new run
    StopHealth = 32,      // stop health checks
    EndTree = 64,         // send Signal to what is left of the tree besides a running leader (README: Whole process trees)
}

/// <summary>What the event loop must do after a transition, plus a log line when there is one. Via names a state the
/// process passed through on the way (RUNNING → UNHEALTHY → STOPPING): it gets its transition line too (README: Process lifecycle).</summary>
public readonly record struct LifecycleActions(ActionKind Kinds, int Signal = 0, long TimerDelayMs = 0, string? Log = null, bool Warn = false,
    ProcessState? Via = null)
{
    public static readonly LifecycleActions None = new(ActionKind.None);
    public bool Has(ActionKind k) => (Kinds & k) != 0;
}
