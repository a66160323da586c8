using System.Buffers;
using System.Buffers.Text;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Supervice.Core.Native;

namespace Supervice.Core.Trees;

/// <summary>CPU time and resident memory per process group, from one pass over /proc at the moment it is asked
/// (a scrape, `ctl status --stats`): nothing is sampled in the background, so an idle daemon stays idle. Lives on the
/// loop, one per daemon.</summary>
/// <remarks>Only a pid's own stat says which group it is in (members may be re-parented, or have joined the group), so
/// every pid is read. What that costs is the kernel's own work: getdents64 into one buffer, and per pid no string or
/// file object. The stat files of pids found in a group are kept open and re-read with pread(2) at offset 0, which
/// regenerates them: that skips the path walk, the open and the close, and halves a pass over 1000 processes. An open
/// stat file names the process, not the number: once it has died, the read fails with ESRCH even if a new process took
/// the number, so a reused pid is never read through an old file. Files are kept only while a quarter of the fd limit
/// stays free, and closed as soon as their pid leaves its group or /proc.</remarks>
public sealed class ProcUsage
{
    private struct Kept
    {
        public int Fd;
        public uint Pass;
    }

    private readonly Dictionary<int, Kept> _kept = new();
    private uint _pass;

    /// <summary>How many stat files are held open for the next pass.</summary>
    internal int KeptFiles => _kept.Count;

    /// <summary>Reads every /proc/PID/stat once, keeping only the groups asked for.</summary>
    public GroupUsage Scan(IReadOnlySet<int> pgids)
    {
        var usage = new GroupUsage();
        _pass++;
        if (pgids.Count > 0) ScanProc(pgids, usage);
        ForgetUnseen();
        return usage;
    }

    private unsafe void ScanProc(IReadOnlySet<int> pgids, GroupUsage usage)
    {
        int proc;
        fixed (byte* p = "/proc\0"u8) proc = Libc.open(p, Libc.O_RDONLY | Libc.O_DIRECTORY | Libc.O_CLOEXEC, 0);
        if (proc < 0) return;
        int keepBelow = KeepBelow();
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
                    if (name.Length == 0 || name.Length > 10 || !Utf8Parser.TryParse(name, out int pid, out int used) || used != name.Length) continue;
                    int fd = ReadKept(pid, stat, out int length);
                    if (fd < 0)
                    {
                        name.CopyTo(path);
                        "/stat\0"u8.CopyTo(path[name.Length..]);
                        fd = OpenAndRead(proc, path, stat, out length);
                        if (fd < 0) continue;
                    }
                    if (length > 0 && Parse(stat[..length]) is { } s && pgids.Contains(s.Pgid))
                    {
                        usage.Add(s.Pgid, s.Ticks, s.RssPages);
                        Keep(pid, fd, keepBelow);
                    }
                    else Drop(pid, fd);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(entries);
            Libc.close(proc);
        }
    }

    /// <summary>The kept stat file of a pid re-read in place; -1 when none is kept or its process has gone.</summary>
    private unsafe int ReadKept(int pid, Span<byte> buffer, out int length)
    {
        length = 0;
        ref var kept = ref CollectionsMarshal.GetValueRefOrNullRef(_kept, pid);
        if (Unsafe.IsNullRef(ref kept)) return -1;
        int fd = kept.Fd;
        nint n;
        fixed (byte* b = buffer) n = Libc.pread(fd, b, buffer.Length, 0);
        if (n > 0)
        {
            kept.Pass = _pass;
            length = (int)n;
            return fd;
        }
        _kept.Remove(pid);
        Libc.close(fd);
        return -1;
    }

    private static unsafe int OpenAndRead(int dir, ReadOnlySpan<byte> path, Span<byte> buffer, out int length)
    {
        length = 0;
        int fd;
        fixed (byte* p = path) fd = Libc.openat(dir, p, Libc.O_RDONLY | Libc.O_CLOEXEC, 0);
        if (fd < 0) return -1;
        nint n;
        fixed (byte* b = buffer) n = Libc.read(fd, b, buffer.Length);
        length = (int)Math.Max(0, n);
        return fd;
    }

    /// <summary>Keeps a member's file for the next pass (fds are handed out lowest first, so the number is how many are
    /// open); past the budget it is closed like any other.</summary>
    private void Keep(int pid, int fd, int keepBelow)
    {
        ref var kept = ref CollectionsMarshal.GetValueRefOrAddDefault(_kept, pid, out bool existed);
        if (existed && kept.Fd == fd) return;
        if (fd >= keepBelow)
        {
            if (!existed) _kept.Remove(pid);
            Libc.close(fd);
            return;
        }
        kept = new Kept { Fd = fd, Pass = _pass };
    }

    private void Drop(int pid, int fd)
    {
        if (_kept.TryGetValue(pid, out var kept) && kept.Fd == fd) _kept.Remove(pid);
        Libc.close(fd);
    }

    /// <summary>Closes the files of pids this pass did not see in a group (gone from /proc, or the group no longer asked for).</summary>
    private void ForgetUnseen()
    {
        if (_kept.Count == 0) return;
        List<int>? gone = null;
        foreach (var (pid, kept) in _kept)
            if (kept.Pass != _pass) (gone ??= []).Add(pid);
        if (gone is null) return;
        foreach (var pid in gone)
        {
            Libc.close(_kept[pid].Fd);
            _kept.Remove(pid);
        }
    }

    private static unsafe int KeepBelow()
    {
        Libc.RLimit limit;
        if (Libc.getrlimit(Libc.RLIMIT_NOFILE, &limit) != 0) return 0;
        ulong soft = Math.Min(limit.Current, int.MaxValue);
        return (int)(soft - soft / 4);
    }

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
