using System.Text.Json.Serialization;

namespace Supervice.Rpc.Messages;

/// <summary>One row of a `status` reply. The first five fields are the 0.4.1 wire's (docs/ARCHITECTURE.md, Compatibility; pid always present, null
/// when the child is not alive; uptime/healthy omitted when unknown); the rest are added.</summary>
public sealed record ProcessStatus
{
    public required string Name { get; init; }
    public required string State { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public int? Pid { get; init; }

    public long? Uptime { get; init; }                  // whole seconds
    public bool? Healthy { get; init; }                 // a 0.4.1 field; true/false once a check has run
    public string? Group { get; init; }
    public string? Description { get; init; }
    public bool? HasHealthcheck { get; init; }          // shows the HEALTH column even before the first check
    public string? Health { get; init; }                // "OK", "FAIL" or null
    public string? Info { get; init; }                  // INFO column: `exited 1 (3s ago)`, `backoff 4s, attempt 2/3`
    public int? ExitCode { get; init; }
    public string? SpawnError { get; init; }
    public string? Containment { get; init; }           // how the process's tree is held: "cgroup" or "pgid" (README: Whole process trees)
    // Filled when the request asked for Detail (supervisord's getProcessInfo): unix seconds, 0 when never.
    public long? Start { get; init; }
    public long? Stop { get; init; }
    public string? StdoutLogfile { get; init; }
    public string? StderrLogfile { get; init; }
    public long? Restarts { get; init; }                // automatic and manual restarts since the daemon started
    public int? Attempt { get; init; }
    public long? NextStart { get; init; }               // epoch seconds while BACKOFF; omitted (null) otherwise, as uptime is
    public List<string>? LastOutput { get; init; }      // the latest crash's last lines (status with names only)
    // Filled when the request asked for Stats (ctl status --stats, /metrics, the dashboard): CPU and RSS summed over
    // the process group, read from /proc when asked; cpu_percent is CPU time over run time since the spawn, as ps.
    public double? CpuSeconds { get; init; }
    public double? CpuPercent { get; init; }
    public long? RssBytes { get; init; }
    public double? StartTime { get; init; }             // unix seconds of the latest spawn, 0 when never
    public bool? Autostart { get; init; }
    public bool? Ready { get; init; }                   // /readyz: RUNNING (healthy where checked) or completed as expected
}
