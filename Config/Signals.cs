namespace Supervice.Config;

/// <summary>Linux signal names and numbers (x86-64/arm64), as accepted by `stopsignal`, `ctl signal` and friends.</summary>
public static class Signals
{
    /// <summary>The signals the daemon itself sends, handles or resets, by name.</summary>
    public const int SIGHUP = 1, SIGINT = 2, SIGQUIT = 3, SIGKILL = 9, SIGUSR1 = 10, SIGUSR2 = 12, SIGPIPE = 13, SIGTERM = 15, SIGCHLD = 17, SIGCONT = 18, SIGSTOP = 19;

    private static readonly (string Name, int Number)[] Table =
    [
        ("HUP", 1), ("INT", 2), ("QUIT", 3), ("ILL", 4), ("TRAP", 5), ("ABRT", 6), ("BUS", 7), ("FPE", 8),
        ("KILL", 9), ("USR1", 10), ("SEGV", 11), ("USR2", 12), ("PIPE", 13), ("ALRM", 14), ("TERM", 15),
        ("STKFLT", 16), ("CHLD", 17), ("CONT", 18), ("STOP", 19), ("TSTP", 20), ("TTIN", 21), ("TTOU", 22),
        ("URG", 23), ("XCPU", 24), ("XFSZ", 25), ("VTALRM", 26), ("PROF", 27), ("WINCH", 28), ("IO", 29),
        ("PWR", 30), ("SYS", 31),
    ];

    public static string ValidNames => string.Join(", ", Table.Select(t => t.Name).Order(StringComparer.Ordinal));

    /// <summary>`TERM`, `sigterm`, `SIGTERM` or `15` → 15; null when unknown.</summary>
    public static int? Parse(string text)
    {
        var t = text.Trim();
        if (int.TryParse(t, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n))
            return n is >= 1 and <= 64 ? n : null;
        var upper = t.ToUpperInvariant();
        if (upper.StartsWith("SIG", StringComparison.Ordinal)) upper = upper[3..];
        foreach (var (name, number) in Table) if (name == upper) return number;
        return null;
    }

    public const int MaxNumber = 64; // SIGRTMAX on Linux

    public static bool TryParse(string text, out int number)
    {
        number = Parse(text) ?? 0;
        return number != 0;
    }

    public static bool IsValid(int number) => number is >= 1 and <= MaxNumber;

    public static string Name(int number)
    {
        foreach (var (name, n) in Table) if (n == number) return "SIG" + name;
        return number.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
