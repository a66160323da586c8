using Supervice.Core.Native;

namespace Supervice.Core.Trees;

/// <summary>Reads and writes of cgroup interface files. A write is one write(2) on a fresh fd, as the kernel wants
/// (no truncation, no buffering); it returns 0 or the errno.</summary>
internal static unsafe class CgroupFile
{
    public static int Write(string path, string text)
    {
        var bytes = System.Text.Encoding.ASCII.GetBytes(path + "\0");
        int fd;
        fixed (byte* p = bytes) fd = Libc.open(p, Libc.O_WRONLY | Libc.O_CLOEXEC, 0);
        if (fd < 0) return Libc.Errno;
        var data = System.Text.Encoding.ASCII.GetBytes(text);
        nint n;
        fixed (byte* d = data) n = Libc.write(fd, d, data.Length);
        int errno = n < 0 ? Libc.Errno : 0;
        Libc.close(fd);
        return errno;
    }

    public static string? Read(string path)
    {
        try { return File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }

    /// <summary>The pids listed in a cgroup.procs file (zombies are not listed).</summary>
    public static List<int> Pids(string procsFile)
    {
        var pids = new List<int>();
        if (Read(procsFile) is not { } text) return pids;
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            if (int.TryParse(line, out var pid)) pids.Add(pid);
        return pids;
    }

    /// <summary>`populated 1` in a cgroup.events text; a group whose file cannot be read counts as empty.</summary>
    public static bool Populated(string? eventsText)
    {
        if (eventsText is null) return false;
        foreach (var line in eventsText.Split('\n'))
            if (line.StartsWith("populated ", StringComparison.Ordinal)) return line.AsSpan(10).Trim() is not "0";
        return false;
    }
}
