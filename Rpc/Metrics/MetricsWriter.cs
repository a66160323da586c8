using System.Globalization;
using System.Text;
using Supervice.Rpc.Messages;
using Supervice.Rpc.XmlRpc;

namespace Supervice.Rpc.Metrics;

/// <summary>Prometheus text format 0.0.4 (README: Web dashboard, JSON API, metrics and probes) from a `status` reply asked with Stats: one HELP and TYPE
/// per family, then one sample per process (`name`, `group` labels), then the daemon's.</summary>
public static class MetricsWriter
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private sealed record Family(string Name, string Type, string Help, Func<ProcessStatus, double> Value);

    private static readonly Family[] PerProcess =
    [
        new("supervice_process_up", "gauge", "1 when the process has a live child (STARTING, RUNNING, UNHEALTHY, STOPPING).",
            p => p.Pid is > 0 ? 1 : 0),
        new("supervice_process_state", "gauge", "The process state as supervisord's code (0 STOPPED, 10 STARTING, 20 RUNNING, 30 BACKOFF, 40 STOPPING, 100 EXITED, 200 FATAL).",
            p => ProcessInfo.Code(p.State)),
        new("supervice_process_healthy", "gauge", "1 healthy, 0 failing its check; 1 for a running process without a check.",
            p => p.Healthy is { } h ? (h ? 1 : 0) : p.Pid is > 0 && p.HasHealthcheck != true ? 1 : 0),
        new("supervice_process_start_time_seconds", "gauge", "Unix time of the latest spawn (0: never).", p => p.StartTime ?? 0),
        new("supervice_process_restarts_total", "counter", "Spawns after the first in this daemon run.", p => p.Restarts ?? 0),
        new("supervice_process_last_exit_code", "gauge", "The last exit code (a signal as its negative number; 0 before any exit).", p => p.ExitCode ?? 0),
        new("supervice_process_cpu_seconds_total", "counter", "CPU time of the process group (user + system, with reaped children), read from /proc at scrape time.",
            p => p.CpuSeconds ?? 0),
        new("supervice_process_resident_memory_bytes", "gauge", "Resident memory summed over the process group, read from /proc at scrape time.",
            p => p.RssBytes ?? 0),
    ];

    public static string Write(IReadOnlyList<ProcessStatus> processes, DaemonStats daemon)
    {
        var o = new StringBuilder(256 + processes.Count * 900);
        foreach (var f in PerProcess)
        {
            Head(o, f.Name, f.Type, f.Help);
            foreach (var p in processes)
            {
                o.Append(f.Name).Append("{name=\"");
                Escape(o, p.Name);
                o.Append("\",group=\"");
                Escape(o, p.Group ?? p.Name);
                o.Append("\"} ");
                Number(o, f.Value(p));
                o.Append('\n');
            }
        }
        Head(o, "supervice_build_info", "gauge", "Always 1; the version is the label.");
        o.Append("supervice_build_info{version=\"");
        Escape(o, daemon.Version);
        o.Append("\"} 1\n");
        Single(o, "supervice_daemon_start_time_seconds", "gauge", "Unix time the daemon started.", daemon.StartTime);
        Single(o, "supervice_spawns_total", "counter", "Processes spawned by this daemon run.", daemon.SpawnsTotal);
        Single(o, "supervice_log_write_errors_total", "counter", "Failed writes to log files (process and daemon logs).", daemon.LogWriteErrorsTotal);
        return o.ToString();
    }

    private static void Head(StringBuilder o, string name, string type, string help)
        => o.Append("# HELP ").Append(name).Append(' ').Append(help).Append("\n# TYPE ").Append(name).Append(' ').Append(type).Append('\n');

    private static void Single(StringBuilder o, string name, string type, string help, double value)
    {
        Head(o, name, type, help);
        o.Append(name).Append(' ');
        Number(o, value);
        o.Append('\n');
    }

    /// <summary>Label values: backslash, double quote and newline escaped, as the format requires.</summary>
    public static void Escape(StringBuilder o, string value)
    {
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\': o.Append("\\\\"); break;
                case '"': o.Append("\\\""); break;
                case '\n': o.Append("\\n"); break;
                default: o.Append(c); break;
            }
        }
    }

    private static void Number(StringBuilder o, double v)
    {
        if (double.IsNaN(v)) o.Append("NaN");
        else if (double.IsInfinity(v)) o.Append(v > 0 ? "+Inf" : "-Inf");
        else o.Append(v.ToString("R", CultureInfo.InvariantCulture));
    }
}
