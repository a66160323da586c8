using Supervice.Core.Native;
using Supervice.Core.Native.Files;

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

    public static string? Read(string path) => KernelFile.ReadText(path);

    /// <summary>The pids listed in a cgroup.procs file (zombies are not listed).</summary>
    public static List<int> Pids(string procsFile)
        => KernelFile.Read(procsFile, static bytes => ParsePids(bytes), out var pids) ? pids! : [];

    /// <summary>One pid per line, as cgroup.procs lists them; anything else is skipped.</summary>
    internal static List<int> ParsePids(ReadOnlySpan<byte> text)
    {
        var pids = new List<int>();
        foreach (var range in text.Split((byte)'\n'))
            if (System.Buffers.Text.Utf8Parser.TryParse(text[range], out int pid, out int used) && used == text[range].Length) pids.Add(pid);
        return pids;
    }

    /// <summary>The group's cgroup.events says `populated 1`; a file that cannot be read counts as empty.</summary>
    public static bool PopulatedFile(string eventsFile)
        => KernelFile.Read(eventsFile, static bytes => Populated(bytes), out var populated) && populated;

    /// <summary>`populated 1` in a cgroup.events text.</summary>
    internal static bool Populated(ReadOnlySpan<byte> events)
    {
        foreach (var range in events.Split((byte)'\n'))
        {
            var line = events[range];
            if (line.StartsWith("populated "u8)) return !line[10..].Trim(" \t\r"u8).SequenceEqual("0"u8);
        }
        return false;
    }
}
