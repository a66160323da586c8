using Supervice.Core.Native.Processes;

namespace Supervice.Core.Reconcile;

/// <summary>Who a pid is, as 0.4.1's Linux reader wrote it: `starttime:&lt;stat field 22&gt; pgid:&lt;field 5&gt;`.
/// Compared for equality only; the command line is never part of it (it is rewritten by some servers).</summary>
public static class ProcessIdentity
{
    /// <summary>The token of a live (or zombie) pid, or null when it is gone or unreadable.</summary>
    public static string? Token(int pid)
    {
        return ProcStatFile.Read(pid) is { } text ? TokenFromStat(text) : null;
    }

    /// <summary>Parses /proc/PID/stat text; fields are counted after the last ')' because comm may hold spaces and parens.</summary>
    public static string? TokenFromStat(string stat)
    {
        var fields = FieldsAfterComm(stat);
        if (fields is null || fields.Length < 20) return null;
        if (!long.TryParse(fields[19], out var start) || !int.TryParse(fields[2], out var pgid)) return null;
        return $"starttime:{start} pgid:{pgid}";
    }

    /// <summary>The pgid part of a token, or 0.</summary>
    public static int PgidOf(string? token)
    {
        if (token is null) return 0;
        int at = token.LastIndexOf("pgid:", StringComparison.Ordinal);
        return at >= 0 && int.TryParse(token.AsSpan(at + 5), out var pgid) && pgid > 0 ? pgid : 0;
    }

    /// <summary>(state, ppid, pgid) of a pid from /proc, or null.</summary>
    public static (char State, int PPid, int Pgid)? Stat(int pid)
    {
        if (ProcStatFile.Read(pid) is not { } text) return null;
        var f = FieldsAfterComm(text);
        if (f is null || f.Length < 3 || f[0].Length == 0 || !int.TryParse(f[1], out var ppid) || !int.TryParse(f[2], out var pgid)) return null;
        return (f[0][0], ppid, pgid);
    }

    private static string[]? FieldsAfterComm(string stat)
    {
        int close = stat.LastIndexOf(')');
        if (close < 0 || close + 2 > stat.Length) return null;
        return stat[(close + 2)..].TrimEnd('\n').Split(' ');
    }
}
