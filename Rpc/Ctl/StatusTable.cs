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
        var head = new Line(o.Grow(Line.Room(nameWidth, "NAME", "STATE", "CPU%", "RSS", "HEALTH", "INFO")));
        head.Text("NAME", nameWidth);
        head.Text(" STATE", StateWidth + 1);
        head.Text(" PID", PidWidth + 1);
        if (stats) { head.Text(" CPU%", CpuWidth + 1); head.Text(" RSS", RssWidth + 1); }
        if (uptime) head.Text(" UPTIME", UptimeWidth + 1);
        if (health) head.Text(" HEALTH", HealthWidth + 1);
        if (info) head.Text(" INFO", 0);
        int header = head.Length; // ASCII: as many bytes as characters
        head.Byte((byte)'\n');
        o.Advance(head.Length);
        o.Grow(header).Fill((byte)'-');
        o.Advance(header);
        o.Append((byte)'\n');

        for (int i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            string cpu = "-", rss = "-";
            if (stats && r.Pid is not null)
            {
                cpu = (r.CpuPercent ?? 0).ToString("0.0", CultureInfo.InvariantCulture);
                rss = FormatBytes(r.RssBytes ?? 0);
            }
            var healthText = health ? HealthText(r) : "";
            var infoText = string.IsNullOrEmpty(r.Info) ? "-" : r.Info;
            var line = new Line(o.Grow(Line.Room(nameWidth, r.Name, r.State, cpu, rss, healthText, info ? infoText : "")));
            line.Text(r.Name, nameWidth);
            line.Byte((byte)' ');
            var colour = color ? Colour(r.State) : default;
            if (colour.IsEmpty) line.Text(r.State, StateWidth);
            else
            {
                line.Bytes("\e["u8);
                line.Bytes(colour);
                line.Byte((byte)'m');
                line.Text(r.State, 0);
                line.Bytes("\e[0m"u8);
                line.Pad(StateWidth - r.State.Length);
            }
            line.Byte((byte)' ');
            if (r.Pid is { } pid) line.Number(pid, PidWidth);
            else line.Text("-", PidWidth);
            if (stats)
            {
                line.Byte((byte)' ');
                line.Text(cpu, CpuWidth);
                line.Byte((byte)' ');
                line.Text(rss, RssWidth);
            }
            if (uptime)
            {
                line.Byte((byte)' ');
                if (r.Uptime is { } up) line.Uptime(up, UptimeWidth);
                else line.Text("-", UptimeWidth);
            }
            if (health) { line.Byte((byte)' '); line.Text(healthText, HealthWidth); }
            if (info) { line.Byte((byte)' '); line.Text(infoText, 0); }
            line.Byte((byte)'\n');
            o.Advance(line.Length);
            if (r.LastOutput is { Count: > 0 } lines)
            {
                o.Append("  last output before the crash:\n"u8);
                foreach (var l in lines) o.Append("  | "u8).Append(l).Append((byte)'\n');
            }
        }
        return o;
    }

    /// <summary>One line of the table, written into room reserved for the longest it can be (one check per line, not per cell).</summary>
    private ref struct Line(Span<byte> room)
    {
        private readonly Span<byte> _room = room;

        public int Length { get; private set; }

        /// <summary>Bytes enough for a line of these texts: 3 per UTF-16 character at most, the widths, separators,
        /// colour, pid and uptime (118 bytes at most).</summary>
        public static int Room(int nameWidth, string name, string state, string cpu, string rss, string health, string info)
            => 3 * (name.Length + state.Length + cpu.Length + rss.Length + health.Length + info.Length) + nameWidth + 128;

        public void Byte(byte b) => _room[Length++] = b;

        public void Bytes(ReadOnlySpan<byte> bytes)
        {
            bytes.CopyTo(_room[Length..]);
            Length += bytes.Length;
        }

        /// <summary>The text, then spaces up to <paramref name="width"/> characters.</summary>
        public void Text(string text, int width)
        {
            if (Ascii.FromUtf16(text, _room[Length..], out int n) != OperationStatus.Done) n = Encoding.UTF8.GetBytes(text, _room[Length..]);
            Length += n;
            Pad(width - text.Length);
        }

        public void Number(int value, int width)
        {
            Utf8Formatter.TryFormat(value, _room[Length..], out int n);
            Length += n;
            Pad(width - n);
        }

        public void Uptime(long seconds, int width)
        {
            int n = FormatUptime(seconds, _room[Length..]);
            Length += n;
            Pad(width - n);
        }

        public void Pad(int spaces)
        {
            if (spaces <= 0) return;
            _room.Slice(Length, spaces).Fill((byte)' ');
            Length += spaces;
        }
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
