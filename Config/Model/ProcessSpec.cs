using System.Collections.Immutable;

namespace Supervice.Config.Model;

/// <summary>Everything the engine needs to run one process instance, fully expanded (%(process_num)s etc.).
/// Immutable: a reload builds new specs and the engine compares them (see ReloadPlan).</summary>
public sealed record ProcessSpec
{
    public required string Name { get; init; }           // `web`, `worker:00`
    public required string ProgramName { get; init; }
    public required string GroupName { get; init; }
    public int ProcessNum { get; init; }
    public required string Command { get; init; }        // as written (expanded), for display
    public required ImmutableArray<string> Argv { get; init; } // shell-word split; never run through a shell
    /// <summary>The program's own variables (env_file, then environment; later wins), without the daemon's environment.</summary>
    public ImmutableArray<KeyValuePair<string, string>> Environment { get; init; } = [];
    public string? Directory { get; init; }
    public string? User { get; init; }
    public int? Umask { get; init; }
    public int Priority { get; init; } = 999;
    public bool AutoStart { get; init; } = true;
    public AutoRestart AutoRestart { get; init; } = AutoRestart.True;
    public ImmutableArray<int> ExitCodes { get; init; } = [0];
    public int StartSecs { get; init; } = 1;
    /// <summary>`startretries = infinite` is int.MaxValue: never FATAL.</summary>
    public int StartRetries { get; init; } = 3;
    public bool RetriesForever => StartRetries == int.MaxValue;
    public int StopSignal { get; init; } = 15;           // signal number
    public int StopWaitSecs { get; init; } = 10;
    public bool StopAsGroup { get; init; } = true;
    public bool KillAsGroup { get; init; } = true;
    public bool RedirectStderr { get; init; }
    public LogSpec Stdout { get; init; } = new(null);
    public LogSpec Stderr { get; init; } = new(null);
    public bool PdeathSig { get; init; } = true;
    public ReconcilePolicy Reconcile { get; init; } = ReconcilePolicy.Auto;
    public HealthCheckSpec HealthCheck { get; init; } = HealthCheckSpec.None;
    /// <summary>`essential = true`: when this process ends for good (EXITED without restart, FATAL) the daemon shuts
    /// down and exits with its code.</summary>
    public bool Essential { get; init; }
    /// <summary>`depends_on` (README: Service dependencies and readiness): the programs this one waits for before it starts.</summary>
    public ImmutableArray<Dependency> DependsOn { get; init; } = [];
    public ReadinessSpec Readiness { get; init; } = ReadinessSpec.Default;
    public BackoffSpec Backoff { get; init; } = BackoffSpec.Default;
    /// <summary>`stdout_events_enabled` / `stderr_events_enabled`: output chunks become PROCESS_LOG_* events.</summary>
    public bool StdoutEvents { get; init; }
    public bool StderrEvents { get; init; }
    /// <summary>Set for the instances of an `[eventlistener:x]` pool (README: Event listeners).</summary>
    public EventListenerSpec? Listener { get; init; }
    public SourceLocation Location { get; init; }
}
