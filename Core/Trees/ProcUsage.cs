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
        foreach (var dir in dirs)
        {
            var name = dir.AsSpan(6);
            if (name.Length == 0 || !char.IsAsciiDigit(name[0])) continue;
            string text;
            try { text = File.ReadAllText(dir + "/stat"); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { continue; }
            if (Parse(text) is not { } s || !pgids.Contains(s.Pgid)) continue;
            var had = usage._byGroup.GetValueOrDefault(s.Pgid);
            usage._byGroup[s.Pgid] = (had.Ticks + s.Ticks, had.RssPages + s.RssPages);
        }
        return usage;
    }

    /// <summary>CPU seconds (live members, and the children they reaped) and RSS bytes of one group; zeros when none.</summary>
    public (double CpuSeconds, long RssBytes) Of(int pgid)
        => _byGroup.TryGetValue(pgid, out var u) ? (u.Ticks / TicksPerSecond, u.RssPages * Environment.SystemPageSize) : (0, 0);

    /// <summary>pgrp(5), utime+stime+cutime+cstime(14-17) and rss(24) of a stat line; null when it is not one.</summary>
    public static (int Pgid, ulong Ticks, long RssPages)? Parse(ReadOnlySpan<char> line)
    {
        int close = line.LastIndexOf(')');
        if (close < 0 || close + 2 > line.Length) return null;
        var rest = line[(close + 2)..];
        Span<Range> f = stackalloc Range[23];
        if (rest.Split(f, ' ', StringSplitOptions.RemoveEmptyEntries) < 22) return null;
        // Counted from state (field 3) = 0.
        if (!int.TryParse(rest[f[2]], out var pgid)) return null;
        ulong ticks = 0;
        for (int i = 11; i <= 14; i++)
        {
            if (!long.TryParse(rest[f[i]], out var t)) return null;
            if (t > 0) ticks += (ulong)t;
        }
        if (!long.TryParse(rest[f[21]], out var rss)) return null;
        return (pgid, ticks, Math.Max(0, rss));
    }
}
