using System.Buffers;
using System.Text;
using Supervice.Rpc.Messages;
using Supervice.Rpc.XmlRpc;

namespace Supervice.Rpc.Metrics;

/// <summary>Prometheus text format 0.0.4 (README: Web dashboard, JSON API, metrics and probes) from a `status` reply asked with Stats: one HELP and TYPE
/// per family, then one sample per process (`name`, `group` labels), then the daemon's.</summary>
public static class MetricsWriter
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private sealed record Family(string Name, string Type, string Help, Func<ProcessStatus, double> Value)
    {
        public readonly byte[] Utf8Name = Encoding.UTF8.GetBytes(Name);
    }

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

    /// <summary>The exposition as a string (tests, small replies).</summary>
    public static string Write(IReadOnlyList<ProcessStatus> processes, DaemonStats daemon)
    {
        using var o = Write(processes, daemon, 0);
        return o.ToString();
    }

    /// <summary>The exposition as UTF-8 in a pooled buffer, <paramref name="reserve"/> bytes left free before it (for the
    /// response head); the caller disposes it.</summary>
    public static Utf8Text Write(IReadOnlyList<ProcessStatus> processes, DaemonStats daemon, int reserve)
    {
        var o = new Utf8Text(2048 + processes.Count * 1024, reserve);
        // Every family repeats each process's labels: encode them once, `{name="…",group="…"} `, end to end in one
        // pooled buffer, then each sample line is three copies and a number (one bounds check per line).
        using var labels = new Utf8Text(processes.Count * 64);
        var ends = ArrayPool<int>.Shared.Rent(Math.Max(1, processes.Count));
        try
        {
            for (int i = 0; i < processes.Count; i++)
            {
                var p = processes[i];
                labels.Append("{name=\""u8);
                Escape(labels, p.Name);
                labels.Append("\",group=\""u8);
                Escape(labels, p.Group ?? p.Name);
                labels.Append("\"} "u8);
                ends[i] = labels.Length;
            }
            var all = labels.Written;
            foreach (var f in PerProcess)
            {
                Head(o, f.Name, f.Type, f.Help);
                var name = f.Utf8Name;
                for (int i = 0, from = 0; i < processes.Count; from = ends[i], i++)
                {
                    var label = all[from..ends[i]];
                    var line = o.Grow(name.Length + label.Length + Utf8Text.MaxNumber + 1);
                    name.CopyTo(line);
                    label.CopyTo(line[name.Length..]);
                    int n = name.Length + label.Length;
                    n += Utf8Text.Format(f.Value(processes[i]), line[n..]);
                    line[n++] = (byte)'\n';
                    o.Advance(n);
                }
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(ends);
        }
        Head(o, "supervice_build_info", "gauge", "Always 1; the version is the label.");
        o.Append("supervice_build_info{version=\""u8);
        Escape(o, daemon.Version);
        o.Append("\"} 1\n"u8);
        Single(o, "supervice_daemon_start_time_seconds", "gauge", "Unix time the daemon started.", daemon.StartTime);
        Single(o, "supervice_spawns_total", "counter", "Processes spawned by this daemon run.", daemon.SpawnsTotal);
        Single(o, "supervice_log_write_errors_total", "counter", "Failed writes to log files (process and daemon logs).", daemon.LogWriteErrorsTotal);
        return o;
    }

    private static void Head(Utf8Text o, string name, string type, string help)
        => o.Append("# HELP "u8).Append(name).Append((byte)' ').Append(help).Append("\n# TYPE "u8).Append(name).Append((byte)' ').Append(type).Append((byte)'\n');

    private static void Single(Utf8Text o, string name, string type, string help, double value)
    {
        Head(o, name, type, help);
        o.Append(name).Append((byte)' ').Append(value).Append((byte)'\n');
    }

    /// <summary>Label values: backslash, double quote and newline escaped, as the format requires.</summary>
    public static void Escape(Utf8Text o, string value)
    {
        var rest = value.AsSpan();
        for (int i; (i = rest.IndexOfAny('\\', '"', '\n')) >= 0; rest = rest[(i + 1)..])
        {
            o.Append(rest[..i]);
            o.Append(rest[i] switch { '\\' => "\\\\"u8, '"' => "\\\""u8, _ => "\\n"u8 });
        }
        o.Append(rest);
    }
}
