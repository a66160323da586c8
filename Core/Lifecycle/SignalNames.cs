namespace Supervice.Core.Lifecycle;

/// <summary>Linux x86-64 signal numbers and names.</summary>
public static class SignalNames
{
    private static readonly string[] Names =
    [
        "", "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM",
        "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS",
    ];

    public const int SIGHUP = 1, SIGINT = 2, SIGKILL = 9, SIGUSR2 = 12, SIGTERM = 15;

    public static string Name(int sig) => sig > 0 && sig < Names.Length ? "SIG" + Names[sig] : $"signal {sig}";

    /// <summary>`TERM`, `SIGTERM`, `term`, `15` → 15; null when unknown.</summary>
    public static int? Parse(string text)
    {
        var t = text.Trim();
        if (int.TryParse(t, out var n)) return n is > 0 and < 65 ? n : null;
        if (t.StartsWith("SIG", StringComparison.OrdinalIgnoreCase)) t = t[3..];
        if (t.Equals("IOT", StringComparison.OrdinalIgnoreCase)) return 6;
        if (t.Equals("POLL", StringComparison.OrdinalIgnoreCase)) return 29;
        for (int i = 1; i < Names.Length; i++)
            if (Names[i].Equals(t, StringComparison.OrdinalIgnoreCase)) return i;
        return null;
    }
}
