namespace Supervice.Core.Lifecycle;

public enum EventKind
{
    Start,          // explicit start or autostart
    Stop,           // explicit stop (Force: SIGKILL instead of stopsignal)
    Restart,        // stop, then start as soon as the process is down
    Spawned,        // the spawn succeeded: Pid
    SpawnFailed,    // the spawn failed: Error, Permanent
    Exited,         // the child was reaped: Exit
    TimerDue,       // the process's one timer fired: startsecs (STARTING), backoff (BACKOFF), stopwaitsecs (STOPPING)
    Unhealthy,      // healthcheck_retries consecutive failures
    Healthy,        // a passing check
    Hold,           // shutdown: stop if up, and never (re)start again — later Start/Restart/retries do nothing
    TreeGone,       // the last process of the tree the leader left behind is gone
    Wait,           // a start was asked for but a depends_on condition is not met yet
    DependenciesMet, // every depends_on condition of a WAITING process is met
    DependencyFailed, // a dependency failed for good: Error names it (`dependency db failed (FATAL)`)
    Ready,          // the readiness signal arrived (notify READY=1, a newline on fd N, the log text)
    WatchdogMissed, // readiness = notify with watchdog_sec: no WATCHDOG=1 in time
}

/// <summary>What happened to a process; Now is monotonic milliseconds; Jitter (0 ≤ j &lt; 1) spreads exponential backoffs.</summary>
public readonly record struct LifecycleEvent(
    EventKind Kind,
    long Now,
    int Pid = 0,
    ExitStatus Exit = default,
    string? Error = null,
    bool Permanent = false,
    bool Force = false,
    int Leftovers = 0, // Exited: processes of the leader's tree still alive (counted by the loop)
    double Jitter = 0);
