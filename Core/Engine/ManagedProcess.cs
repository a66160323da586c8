using Supervice.Config.Model;
using Supervice.Core.Events;
using Supervice.Core.Health;
using Supervice.Core.Lifecycle;
using Supervice.Core.Output;
using Supervice.Core.Trees;

namespace Supervice.Core.Engine;

/// <summary>One process instance as the event loop sees it: its spec, its lifecycle state and what belongs to
/// its current run. Mutated only on the loop thread.</summary>
public sealed class ManagedProcess
{
    public ManagedProcess(ProcessSpec spec, OutputSink stdout, OutputSink stderr)
    {
        Spec = spec;
        Stdout = stdout;
        Stderr = stderr;
    }

    public ProcessSpec Spec { get; set; }
    public LifecycleState State { get; set; }
    public OutputSink Stdout { get; }
    public OutputSink Stderr { get; }

    /// <summary>Bumped whenever the process's single timer is armed or cancelled; stale timer entries compare unequal.</summary>
    public int TimerGeneration { get; set; }
    /// <summary>Wall-clock time the current run reached RUNNING (for uptime in status).</summary>
    public DateTimeOffset? StartedAtWall { get; set; }
    public DateTimeOffset? ExitedAtWall { get; set; }
    /// <summary>Wall-clock time of the latest spawn (supervisord's laststart).</summary>
    public DateTimeOffset? SpawnedAtWall { get; set; }
    public long Spawns { get; set; }
    public HealthMonitor? Health { get; set; }
    public bool Removed { get; set; }
    /// <summary>The current run's tree (kept while what the leader left behind is being ended), and how many of its
    /// processes were alive at the last count.</summary>
    public ProcessTree? Tree { get; set; }
    public int TreeLeftovers { get; set; }
    /// <summary>An event listener's current run: its stdin and protocol state (null for programs and between runs).</summary>
    public ListenerChannel? Listener { get; set; }

    /// <summary>Callbacks waiting for this process to reach some state (ctl start/stop); checked after every transition.</summary>
    public List<Func<ManagedProcess, bool>> Waiters { get; } = new();

    /// <summary>The latest `STATUS=` of a readiness = notify run, for INFO.</summary>
    public string? NotifyStatus { get; set; }
    /// <summary>Monotonic ms by which the next WATCHDOG=1 must arrive (watchdog_sec).</summary>
    public long WatchdogDeadline { get; set; }

    /// <summary>The crash report of the latest crash (README: Service dependencies and readiness), kept until the next one; and its bookkeeping.</summary>
    public IReadOnlyList<string>? LastOutput { get; set; }
    public string? PendingCrash { get; set; }
    public int CrashPid { get; set; }
    /// <summary>Output pipes still open, per run (a restart can spawn the next run before the last one's pipes drained).</summary>
    public Dictionary<int, int> OpenPipes { get; } = new();

    public string Name => Spec.Name;
    public int Pid => State.Pid;
}
