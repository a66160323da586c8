using System.Buffers;
using System.Buffers.Text;
using System.Runtime.InteropServices;
using Supervice.Core.Native;

namespace Supervice.Core.Trees;

/// <summary>CPU time and resident memory per process group, from one pass over /proc at the moment it is asked
/// (a scrape, `ctl status --stats`): nothing is sampled in the background, so an idle daemon stays idle.</summary>
public sealed class ProcUsage
{
    /// <summary>USER_HZ: the unit of /proc/PID/stat times, 100 on every Linux ABI.</summary>
    public const double TicksPerSecond = 100;

    private readonly Dictionary<int, (ulong Ticks, long RssPages)> _byGroup = new();

    /// <summary>Reads every /proc/PID/stat once, keeping only the groups asked for. Only a pid's own stat says which group it
    /// is in (members may be re-parented, or have joined the group), so every pid is read; what this costs is kept to the kernel's own work: getdents64 into one buffer, then
    /// openat(/proc, "PID/stat") + one read + close per pid, no string or file object per pid.</summary>
    public static ProcUsage Scan(IReadOnlySet<int> pgids)
    {
        var usage = new ProcUsage();
        if (pgids.Count == 0) return usage;
        usage.ScanProc(pgids);
        return usage;
    }

    private unsafe void ScanProc(IReadOnlySet<int> pgids)
    {
        int proc;
        fixed (byte* p = "/proc\0"u8) proc = Libc.open(p, Libc.O_RDONLY | Libc.O_DIRECTORY | Libc.O_CLOEXEC, 0);
        if (proc < 0) return;
        var entries = ArrayPool<byte>.Shared.Rent(32 * 1024);
        try
        {
            Span<byte> stat = stackalloc byte[1024];
            Span<byte> path = stackalloc byte[32];
            while (true)
            {
                nint filled;
                fixed (byte* e = entries) filled = Libc.getdents64(proc, e, entries.Length);
                if (filled <= 0) return;
                for (int at = 0; at < filled;)
                {
                    int reclen = MemoryMarshal.Read<Libc.Dirent64>(entries.AsSpan(at)).RecordLength;
                    var name = entries.AsSpan(at + Libc.Dirent64.NameOffset, reclen - Libc.Dirent64.NameOffset);
                    at += reclen;
                    int nul = name.IndexOf((byte)0);
                    if (nul > 0) name = name[..nul];
                    if (name.Length == 0 || name.Length > 20 || name[0] - '0' is < 0 or > 9) continue;
                    name.CopyTo(path);
                    "/stat\0"u8.CopyTo(path[name.Length..]);
                    int length = ReadAt(proc, path, stat);
                    if (length <= 0 || Parse(stat[..length]) is not { } s || !pgids.Contains(s.Pgid)) continue;
                    var had = _byGroup.GetValueOrDefault(s.Pgid);
                    _byGroup[s.Pgid] = (had.Ticks + s.Ticks, had.RssPages + s.RssPages);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(entries);
            Libc.close(proc);
        }
    }

    private static unsafe int ReadAt(int dir, ReadOnlySpan<byte> path, Span<byte> buffer)
    {
        int fd;
        fixed (byte* p = path) fd = Libc.openat(dir, p, Libc.O_RDONLY | Libc.O_CLOEXEC, 0);
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
