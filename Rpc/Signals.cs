namespace Supervice.Rpc;

/// <summary>Linux signal names and numbers, for `ctl signal` and the `signal` command (`HUP`, `SIGHUP`, `1`).</summary>
public static class Signals
{
    private static readonly (string Name, int Number)[] Table =
    [
        ("HUP", 1), ("INT", 2), ("QUIT", 3), ("ILL", 4), ("TRAP", 5), ("ABRT", 6), ("BUS", 7), ("FPE", 8),
        ("KILL", 9), ("USR1", 10), ("SEGV", 11), ("USR2", 12), ("PIPE", 13), ("ALRM", 14), ("TERM", 15),
        ("STKFLT", 16), ("CHLD", 17), ("CONT", 18), ("STOP", 19), ("TSTP", 20), ("TTIN", 21), ("TTOU", 22),
        ("URG", 23), ("XCPU", 24), ("XFSZ", 25), ("VTALRM", 26), ("PROF", 27), ("WINCH", 28), ("IO", 29),
        ("PWR", 30), ("SYS", 31),
    ];

    public const int MaxNumber = 64; // SIGRTMAX on Linux

    public static bool TryParse(string text, out int number)
    {
        number = 0;
        var s = text.Trim();
        if (int.TryParse(s, System.Globalization.NumberStyles.None, null, out var n))
        {
            if (n < 1 || n > MaxNumber) return false;
            number = n;
            return true;
        }
        s = s.ToUpperInvariant();
        if (s.StartsWith("SIG", StringComparison.Ordinal)) s = s[3..];
        foreach (var (name, num) in Table)
            if (name == s) { number = num; return true; }
        return false;
    }

    public static bool IsValid(int number) => number >= 1 && number <= MaxNumber;

    public static string NameOf(int number)
    {
        foreach (var (name, num) in Table)
            if (num == number) return "SIG" + name;
        return number.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
