namespace Supervice.Core.Lifecycle;

/// <summary>Everything the lifecycle decides on, as a value. Times are monotonic milliseconds.</summary>
public readonly record struct LifecycleState
{
    public ProcessState State { get; init; }
    public bool WantRunning { get; init; }
    /// <summary>Failed start attempts in a row (an exit inside startsecs, a retryable spawn error).</summary>
    public int Attempts { get; init; }
    public int HealthRestarts { get; init; }
    /// <summary>Consecutive crashes after RUNNING (backoff = exponential); reset after backoff_reset_after seconds up.</summary>
    public int Crashes { get; init; }
    public int Pid { get; init; }
    public long SpawnedAt { get; init; }
    public long RunningSince { get; init; }
    public AfterStop AfterStop { get; init; }
    public ExitStatus? LastExit { get; init; }
    public long LastExitAt { get; init; }
    public string? SpawnError { get; init; }
    public long BackoffUntil { get; init; }
    public bool Unhealthy { get; init; }
    /// <summary>The failed check that made the latest run UNHEALTHY ("http check failed 3 times: …"), for INFO.</summary>
    public string? HealthError { get; init; }
    /// <summary>Why a WAITING process went FATAL: `dependency db failed (FATAL)`.</summary>
    public string? DependencyError { get; init; }
    /// <summary>Set by Hold (shutdown) and never cleared: no cell spawns a held process again.</summary>
    public bool Held { get; init; }
    /// <summary>STOPPING with the leader gone: what its tree left is being ended; Pending is the state (and
    /// PendingDelayMs the backoff) decided at the leader's exit, taken once the tree is gone.</summary>
    public bool AwaitingTree { get; init; }
    public ProcessState Pending { get; init; }
    public long PendingDelayMs { get; init; }
}
