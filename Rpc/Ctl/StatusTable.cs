using System.Globalization;
using System.Text;
using Supervice.Rpc.Messages;

namespace Supervice.Rpc.Ctl;

/// <summary>The `ctl status` table (README, "ctl"): NAME (max(20, longest)), STATE 10, PID 10, then UPTIME 12 and
/// HEALTH 10 when any row has one, then INFO when any row has one; left aligned, one space between columns,
/// trailing padding kept as 0.4.1 printed it (scripts parse it); a dash line as long as the header; `-` for absent values.</summary>
public static class StatusTable
{
    public const int MinNameWidth = 20, StateWidth = 10, PidWidth = 10, UptimeWidth = 12, HealthWidth = 10, CpuWidth = 6, RssWidth = 9;

    /// <summary>RSS for the --stats column: `812K`, `12.4M`, `1.2G` (1024-based).</summary>
    public static string FormatBytes(long n)
    {
        var ci = CultureInfo.InvariantCulture;
        if (n < 1024 * 1024) return string.Create(ci, $"{n / 1024}K");
        if (n < 1024L * 1024 * 1024) return string.Create(ci, $"{n / (1024.0 * 1024):0.0}M");
        return string.Create(ci, $"{n / (1024.0 * 1024 * 1024):0.0}G");
    }

    public static string Format(IReadOnlyList<ProcessStatus> rows, bool color)
    {
        int nameWidth = Math.Max(MinNameWidth, rows.Count == 0 ? 0 : rows.Max(r => r.Name.Length));
        bool uptime = rows.Any(r => r.Uptime is not null);
        bool health = rows.Any(HasHealth);
        bool info = rows.Any(r => !string.IsNullOrEmpty(r.Info));
        bool stats = rows.Any(r => r.RssBytes is not null);

        var sb = new StringBuilder(128 + rows.Count * 96);
        var header = Line(nameWidth, uptime, health, info, "NAME", "STATE", "PID", "UPTIME", "HEALTH", "INFO", null, stats ? ("CPU%", "RSS") : null);
        sb.Append(header).Append('\n').Append('-', header.Length).Append('\n');
        foreach (var r in rows)
        {
            var pid = r.Pid is { } p ? p.ToString(CultureInfo.InvariantCulture) : "-";
            var up = r.Uptime is { } u ? FormatUptime(u) : "-";
            var colour = color ? Colour(r.State) : null;
            (string, string)? usage = !stats ? null : r.Pid is null ? ("-", "-")
                : ((r.CpuPercent ?? 0).ToString("0.0", CultureInfo.InvariantCulture), FormatBytes(r.RssBytes ?? 0));
            sb.Append(Line(nameWidth, uptime, health, info, r.Name, r.State, pid, up, HealthText(r), string.IsNullOrEmpty(r.Info) ? "-" : r.Info, colour, usage)).Append('\n');
            if (r.LastOutput is { Count: > 0 } lines)
            {
                sb.Append("  last output before the crash:\n");
                foreach (var l in lines) sb.Append("  | ").Append(l).Append('\n');
            }
        }
        return sb.ToString();
    }

    private static string Line(int nameWidth, bool uptime, bool health, bool info,
        string name, string state, string pid, string up, string healthText, string infoText, string? stateColour, (string Cpu, string Rss)? usage = null)
    {
        var sb = new StringBuilder();
        sb.Append(name.PadRight(nameWidth)).Append(' ');
        var paddedState = state.PadRight(StateWidth);
        sb.Append(stateColour is null ? paddedState : $"\e[{stateColour}m{state}\e[0m{paddedState[state.Length..]}").Append(' ');
        sb.Append(pid.PadRight(PidWidth));
        if (usage is { } u) sb.Append(' ').Append(u.Cpu.PadRight(CpuWidth)).Append(' ').Append(u.Rss.PadRight(RssWidth));
        if (uptime) sb.Append(' ').Append(up.PadRight(UptimeWidth));
        if (health) sb.Append(' ').Append(healthText.PadRight(HealthWidth));
        if (info) sb.Append(' ').Append(infoText);
        return sb.ToString();
    }

    private static bool HasHealth(ProcessStatus r) => r.HasHealthcheck == true || r.Healthy is not null || r.Health is not null;

    private static string HealthText(ProcessStatus r) => r.Health ?? (r.Healthy switch { true => "OK", false => "FAIL", null => "-" });

    /// <summary>`M:SS` under an hour, `H:MM:SS` under a day, `Nd H:MM:SS` past a day.</summary>
    public static string FormatUptime(long seconds)
    {
        if (seconds < 0) seconds = 0;
        long d = seconds / 86400, h = seconds % 86400 / 3600, m = seconds % 3600 / 60, s = seconds % 60;
        var ci = CultureInfo.InvariantCulture;
        if (d > 0) return string.Create(ci, $"{d}d {h}:{m:00}:{s:00}");
        if (h > 0) return string.Create(ci, $"{h}:{m:00}:{s:00}");
        return string.Create(ci, $"{m}:{s:00}");
    }

    private static string? Colour(string state) => state switch
    {
        "RUNNING" => "32",
        "STARTING" or "STOPPING" or "BACKOFF" or "WAITING" => "33",
        "FATAL" or "EXITED" or "UNHEALTHY" => "31",
        _ => null,
    };
}
