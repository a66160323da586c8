using System.Buffers.Text;
using Supervice.Core.Native;

namespace Supervice.Core.Trees;

/// <summary>CPU time and resident memory per process group, from one pass over /proc at the moment it is asked
/// (a scrape, `ctl status --stats`): nothing is sampled in the background, so an idle daemon stays idle.</summary>
public sealed class ProcUsage
{
    /// <summary>USER_HZ: the unit of /proc/PID/stat times, 100 on every Linux ABI.</summary>
    public const double TicksPerSecond = 100;

    private readonly Dictionary<int, (ulong Ticks, long RssPages)> _byGroup = new();

    /// <summary>Reads every /proc/PID/stat once, keeping only the groups asked for.</summary>
    public static ProcUsage Scan(IReadOnlySet<int> pgids)
    {
        var usage = new ProcUsage();
        if (pgids.Count == 0) return usage;
        IEnumerable<string> dirs;
        try { dirs = Directory.EnumerateDirectories("/proc"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return usage; }
        Span<byte> buffer = stackalloc byte[1024];
        foreach (var dir in dirs)
        {
            var name = dir.AsSpan(6);
            if (name.Length == 0 || !char.IsAsciiDigit(name[0])) continue;
            // open/read/close into one buffer: .NET's file APIs add an fstat, a flock and a string per file, most
            // of a scrape's cost at 1000 processes.
            int length = ReadStat(name, buffer);
            if (length <= 0 || Parse(buffer[..length]) is not { } s || !pgids.Contains(s.Pgid)) continue;
            var had = usage._byGroup.GetValueOrDefault(s.Pgid);
            usage._byGroup[s.Pgid] = (had.Ticks + s.Ticks, had.RssPages + s.RssPages);
        }
        return usage;
    }

    private static unsafe int ReadStat(ReadOnlySpan<char> pid, Span<byte> buffer)
    {
        Span<byte> path = stackalloc byte[40];
        if (pid.Length > 20) return -1;
        "/proc/"u8.CopyTo(path);
        for (int i = 0; i < pid.Length; i++) path[6 + i] = (byte)pid[i];
        "/stat\0"u8.CopyTo(path[(6 + pid.Length)..]);
        int fd;
        fixed (byte* p = path) fd = Libc.open(p, Libc.O_RDONLY | Libc.O_CLOEXEC, 0);
        if (fd < 0) return -1;
        nint n;
        fixed (byte* b = buffer) n = Libc.read(fd, b, buffer.Length);
        Libc.close(fd);
        return (int)n;
    }

    /// <summary>CPU seconds (live members, and the children they reaped) and RSS bytes of one group; zeros when none.</summary>
    public (double CpuSeconds, long RssBytes) Of(int pgid)
        => _byGroup.TryGetValue(pgid, out var u) ? (u.Ticks / TicksPerSecond, u.RssPages * Environment.SystemPageSize) : (0, 0);

    /// <summary>pgrp(5), utime+stime+cutime+cstime(14-17) and rss(24) of a stat line; null when it is not one.</summary>
    public static (int Pgid, ulong Ticks, long RssPages)? Parse(ReadOnlySpan<byte> line)
    {
        int close = line.LastIndexOf((byte)')');
        if (close < 0 || close + 2 > line.Length) return null;
        var rest = line[(close + 2)..];
        Span<Range> f = stackalloc Range[22];
        int n = 0, from = 0;
        for (int i = 0; i <= rest.Length && n < f.Length; i++)
        {
            if (i < rest.Length && rest[i] is not ((byte)' ' or (byte)'\n')) continue;
            if (i > from) f[n++] = new Range(from, i);
            from = i + 1;
        }
        if (n < 22) return null;
        // Counted from state (field 3) = 0.
        if (!Utf8Parser.TryParse(rest[f[2]], out int pgid, out _)) return null;
        ulong ticks = 0;
        for (int i = 11; i <= 14; i++)
        {
            if (!Utf8Parser.TryParse(rest[f[i]], out long t, out _)) return null;
            if (t > 0) ticks += (ulong)t;
        }
        if (!Utf8Parser.TryParse(rest[f[21]], out long rss, out _)) return null;
        return (pgid, ticks, Math.Max(0, rss));
    }
}
