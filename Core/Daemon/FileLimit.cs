using Supervice.Core.Native;

namespace Supervice.Core.Daemon;

/// <summary>`minfds`: make sure the daemon may hold at least that many fds (three per child: pidfd, stdout, stderr).</summary>
public static unsafe class FileLimit
{
    /// <summary>Raises the soft RLIMIT_NOFILE to at least `minimum` (up to the hard limit); returns a warning or null.</summary>
    public static string? Ensure(int minimum)
    {
        Libc.RLimit limit;
        if (Libc.getrlimit(Libc.RLIMIT_NOFILE, &limit) != 0 || limit.Current >= (ulong)minimum) return null;
        var wanted = new Libc.RLimit { Current = (ulong)minimum, Max = Math.Max(limit.Max, (ulong)minimum) };
        if (Libc.setrlimit(Libc.RLIMIT_NOFILE, &wanted) == 0) return null;
        wanted = new Libc.RLimit { Current = limit.Max, Max = limit.Max };
        Libc.setrlimit(Libc.RLIMIT_NOFILE, &wanted);
        return $"minfds = {minimum}, but the file limit could only be raised to {limit.Max} ({Libc.StrError(Libc.Errno)})";
    }
}
