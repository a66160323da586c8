using Supervice.Core.Native.Processes;

namespace Supervice.Core.Trees;

/// <summary>The fields of /proc/PID/stat a tree needs: who a process's parent, group and session are, and when it
/// started (clock ticks since boot: with the pid, a name no later process can take).</summary>
public readonly record struct ProcStat(int Pid, char State, int PPid, int Pgid, int Session, ulong StartTicks)
{
    public bool IsZombie => State is 'Z' or 'X';

    /// <summary>Parses one stat line. The command name sits in parentheses and may itself hold spaces and ')', so
    /// the fields are counted from the last ')'. Null for anything that is not a stat line.</summary>
    public static ProcStat? Parse(ReadOnlySpan<char> line)
    {
        int open = line.IndexOf('('), close = line.LastIndexOf(')');
        if (open <= 0 || close < open || close + 2 > line.Length) return null;
        if (!int.TryParse(line[..open].Trim(), out var pid)) return null;
        var rest = line[(close + 1)..].Trim();
        // After the name: state(3) ppid(4) pgrp(5) session(6) ... starttime(22), counted from 3.
        Span<Range> fields = stackalloc Range[21];
        if (rest.Split(fields, ' ', StringSplitOptions.RemoveEmptyEntries) < 20) return null;
        var state = rest[fields[0]];
        if (state.Length != 1) return null;
        if (!int.TryParse(rest[fields[1]], out var ppid) || !int.TryParse(rest[fields[2]], out var pgid)
            || !int.TryParse(rest[fields[3]], out var session) || !ulong.TryParse(rest[fields[19]], out var start)) return null;
        return new ProcStat(pid, state[0], ppid, pgid, session, start);
    }

    /// <summary>The stat of a live pid, or null when it is gone (or unreadable).</summary>
    public static ProcStat? Read(int pid)
    {
        return ProcStatFile.Read(pid) is { } text ? Parse(text) : null;
    }
}
