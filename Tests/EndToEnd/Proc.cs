using System.Runtime.InteropServices;

namespace Supervice.Tests.EndToEnd;

/// <summary>/proc inspection for end-to-end tests.</summary>
public static partial class Proc
{
    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SysKill(int pid, int sig);

    /// <summary>kill(2) of one process. Refuses pid ≤ 1 and the test host itself: kill(0) signals the caller's
    /// process group (the test runner), kill(-1) every process, kill(1) init — a pid read as 0 from a failed
    /// `ctl pid` must never get that far.</summary>
    public static bool Kill(int pid, int sig)
    {
        if (pid <= 1 || pid == Environment.ProcessId)
            throw new ArgumentOutOfRangeException(nameof(pid), pid, $"refusing to send signal {sig} to pid {pid}: not one child process");
        return SysKill(pid, sig) == 0;
    }

    public static bool Alive(int pid)
    {
        var stat = Stat(pid);
        return stat is not null && stat.Value.State != 'Z';
    }

    public readonly record struct ProcStat(int Pid, string Comm, char State, int PPid, int PGrp);

    public static ProcStat? Stat(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            int open = text.IndexOf('('), close = text.LastIndexOf(')');
            var rest = text[(close + 2)..].Split(' ');
            return new ProcStat(pid, text[(open + 1)..close], rest[0][0], int.Parse(rest[1]), int.Parse(rest[2]));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException) { return null; }
    }

    public static IEnumerable<ProcStat> All()
    {
        foreach (var d in Directory.EnumerateDirectories("/proc"))
            if (int.TryParse(Path.GetFileName(d), out var pid) && Stat(pid) is { } s) yield return s;
    }

    public static List<ProcStat> Children(int ppid) => All().Where(s => s.PPid == ppid).ToList();

    public static List<int> Descendants(int root)
    {
        var all = All().ToList();
        var result = new List<int>();
        var frontier = new Queue<int>([root]);
        while (frontier.Count > 0)
        {
            var p = frontier.Dequeue();
            foreach (var c in all.Where(s => s.PPid == p)) { result.Add(c.Pid); frontier.Enqueue(c.Pid); }
        }
        return result;
    }

    /// <summary>Seconds since the process started (from /proc/PID/stat starttime and /proc/uptime), or -1 when gone.</summary>
    public static double AgeSeconds(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            double started = long.Parse(fields[19]) / 100.0; // field 22 (starttime), in USER_HZ = 100 ticks
            double uptime = double.Parse(File.ReadAllText("/proc/uptime").Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
            return uptime - started;
        }
        catch (Exception e) when (e is IOException or FormatException or IndexOutOfRangeException) { return -1; }
    }

    /// <summary>The command name (/proc/PID/comm): `sleep` once a child has exec'd sleep, not before.</summary>
    public static string? Comm(int pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/comm").Trim(); }
        catch (IOException) { return null; }
    }

    public static string Environ(int pid) => File.ReadAllText($"/proc/{pid}/environ").Replace('\0', '\n');
}
