namespace Supervice.Core.Trees;

/// <summary>What one /proc pass found: CPU ticks (live members, and the children they reaped) and resident pages per
/// process group.</summary>
public sealed class GroupUsage
{
    /// <summary>USER_HZ: the unit of /proc/PID/stat times, 100 on every Linux ABI.</summary>
    public const double TicksPerSecond = 100;

    private readonly Dictionary<int, (ulong Ticks, long RssPages)> _byGroup = new();

    internal void Add(int pgid, ulong ticks, long rssPages)
    {
        var had = _byGroup.GetValueOrDefault(pgid);
        _byGroup[pgid] = (had.Ticks + ticks, had.RssPages + rssPages);
    }

    /// <summary>CPU seconds and RSS bytes of one group; zeros when none.</summary>
    public (double CpuSeconds, long RssBytes) Of(int pgid)
        => _byGroup.TryGetValue(pgid, out var u) ? (u.Ticks / TicksPerSecond, u.RssPages * Environment.SystemPageSize) : (0, 0);
}
