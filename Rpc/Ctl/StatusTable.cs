using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Supervice.Rpc.Messages;
using Supervice.Rpc.Metrics;

namespace Supervice.Rpc.Ctl;

/// <summary>The `ctl status` table (README, "ctl"): NAME (max(20, longest)), STATE 10, PID 10, then UPTIME 12 and
/// HEALTH 10 when any row has one, then INFO when any row has one; left aligned, one space between columns,
/// trailing padding kept as 0.4.1 printed it (scripts parse it); a dash line as long as the header; `-` for absent values.
/// Widths count UTF-16 characters, as string.PadRight did. Written as UTF-8 straight into one buffer: no string per
/// cell, line or table (issue #16, M3).</summary>
public static class StatusTable
{
    public const int MinNameWidth = 20, StateWidth = 10, PidWidth = 10, UptimeWidth = 12, HealthWidth = 10, CpuWidth = 6, RssWidth = 9;

    /// <summary>The most bytes <see cref="FormatUptime(long, Span{byte})"/> writes.</summary>
    public const int MaxUptime = 32;

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
        using var table = Write(rows, color);
        return table.ToString();
    }

    /// <summary>The table as UTF-8; the caller disposes it.</summary>
    public static Utf8Text Write(IReadOnlyList<ProcessStatus> rows, bool color)
    {
        int nameWidth = MinNameWidth;
        bool uptime = false, health = false, info = false, stats = false;
        for (int i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            nameWidth = Math.Max(nameWidth, r.Name.Length);
            uptime |= r.Uptime is not null;
            health |= HasHealth(r);
            info |= !string.IsNullOrEmpty(r.Info);
            stats |= r.RssBytes is not null;
        }

        var o = new Utf8Text(128 + rows.Count * (nameWidth + 64));
        int start = o.Length;
        Text(o, "NAME", nameWidth);
        o.Append((byte)' ');
        Text(o, "STATE", StateWidth);
        o.Append((byte)' ');
        Text(o, "PID", PidWidth);
        if (stats) { o.Append((byte)' '); Text(o, "CPU%", CpuWidth); o.Append((byte)' '); Text(o, "RSS", RssWidth); }
        if (uptime) { o.Append((byte)' '); Text(o, "UPTIME", UptimeWidth); }
        if (health) { o.Append((byte)' '); Text(o, "HEALTH", HealthWidth); }
        if (info) o.Append(" INFO"u8);
        int header = o.Length - start; // ASCII: as many bytes as characters
        o.Append((byte)'\n');
        o.Grow(header).Fill((byte)'-');
        o.Advance(header);
        o.Append((byte)'\n');

        for (int i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            Text(o, r.Name, nameWidth);
            o.Append((byte)' ');
            var colour = color ? Colour(r.State) : default;
            if (!colour.IsEmpty)
            {
                o.Append("\e["u8).Append(colour).Append((byte)'m').Append(r.State).Append("\e[0m"u8);
                Pad(o, StateWidth - r.State.Length);
            }
            else Text(o, r.State, StateWidth);
            o.Append((byte)' ');
            if (r.Pid is { } pid) Number(o, pid, PidWidth);
            else Text(o, "-", PidWidth);
            if (stats)
            {
                o.Append((byte)' ');
                Text(o, r.Pid is null ? "-" : (r.CpuPercent ?? 0).ToString("0.0", CultureInfo.InvariantCulture), CpuWidth);
                o.Append((byte)' ');
                Text(o, r.Pid is null ? "-" : FormatBytes(r.RssBytes ?? 0), RssWidth);
            }
            if (uptime)
            {
                o.Append((byte)' ');
                if (r.Uptime is { } up)
                {
                    int n = FormatUptime(up, o.Grow(MaxUptime));
                    o.Advance(n);
                    Pad(o, UptimeWidth - n);
                }
                else Text(o, "-", UptimeWidth);
            }
            if (health) { o.Append((byte)' '); Text(o, HealthText(r), HealthWidth); }
            if (info) { o.Append((byte)' '); Text(o, string.IsNullOrEmpty(r.Info) ? "-" : r.Info, 0); }
            o.Append((byte)'\n');
            if (r.LastOutput is { Count: > 0 } lines)
            {
                o.Append("  last output before the crash:\n"u8);
                foreach (var l in lines) o.Append("  | "u8).Append(l).Append((byte)'\n');
            }
        }
        return o;
    }

    /// <summary>The text, then spaces up to <paramref name="width"/> characters.</summary>
    private static void Text(Utf8Text o, string text, int width)
    {
        var room = o.Grow(text.Length);
        if (Ascii.FromUtf16(text, room, out int n) == OperationStatus.Done) o.Advance(n);
        else o.Append(text);
        Pad(o, width - text.Length);
    }

    private static void Number(Utf8Text o, int value, int width)
    {
        Utf8Formatter.TryFormat(value, o.Grow(11), out int n);
        o.Advance(n);
        Pad(o, width - n);
    }

    private static void Pad(Utf8Text o, int spaces)
    {
        if (spaces <= 0) return;
        o.Grow(spaces).Fill((byte)' ');
        o.Advance(spaces);
    }

    private static bool HasHealth(ProcessStatus r) => r.HasHealthcheck == true || r.Healthy is not null || r.Health is not null;

    private static string HealthText(ProcessStatus r) => r.Health ?? (r.Healthy switch { true => "OK", false => "FAIL", null => "-" });

    /// <summary>`M:SS` under an hour, `H:MM:SS` under a day, `Nd H:MM:SS` past a day.</summary>
    public static string FormatUptime(long seconds)
    {
        Span<byte> text = stackalloc byte[MaxUptime];
        return Encoding.ASCII.GetString(text[..FormatUptime(seconds, text)]);
    }

    /// <summary>As <see cref="FormatUptime(long)"/>, into <paramref name="into"/> (at least <see cref="MaxUptime"/> bytes);
    /// the bytes written. Digit by digit: the interpolated `{m:00}` took ~1000 instructions a row.</summary>
    public static int FormatUptime(long seconds, Span<byte> into)
    {
        if (seconds < 0) seconds = 0;
        long d = seconds / 86400, h = seconds % 86400 / 3600, m = seconds % 3600 / 60, s = seconds % 60;
        int n = 0;
        if (d > 0)
        {
            n += Digits(d, into);
            into[n++] = (byte)'d';
            into[n++] = (byte)' ';
        }
        if (d > 0 || h > 0)
        {
            n += Digits(h, into[n..]);
            into[n++] = (byte)':';
            n += TwoDigits(m, into[n..]);
        }
        else n += Digits(m, into);
        into[n++] = (byte)':';
        return n + TwoDigits(s, into[n..]);
    }

    private static int Digits(long value, Span<byte> into)
    {
        Utf8Formatter.TryFormat(value, into, out int n);
        return n;
    }

    private static int TwoDigits(long value, Span<byte> into)
    {
        into[0] = (byte)('0' + value / 10);
        into[1] = (byte)('0' + value % 10);
        return 2;
    }

    private static ReadOnlySpan<byte> Colour(string state) => state switch
    {
        "RUNNING" => "32"u8,
        "STARTING" or "STOPPING" or "BACKOFF" or "WAITING" => "33"u8,
        "FATAL" or "EXITED" or "UNHEALTHY" => "31"u8,
        _ => default,
    };
}
