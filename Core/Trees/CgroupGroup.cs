namespace Supervice.Core.Trees;

/// <summary>One process's cgroup v2 group (`supervice.PID/NAME`): what it holds, how it ends, when it is empty.
/// Resource limits (memory.max, cpu.max) are later one-line writes here (<see cref="SetLimit"/>).</summary>
public sealed class CgroupGroup
{
    internal CgroupGroup(string path, string name)
    {
        Path = path;
        Name = name;
    }

    public string Path { get; }
    public string Name { get; }
    /// <summary>The inotify watch on cgroup.events (-1: none).</summary>
    internal int Watch { get; set; } = -1;

    public string EventsFile => System.IO.Path.Combine(Path, "cgroup.events");
    public string ProcsFile => System.IO.Path.Combine(Path, "cgroup.procs");

    public List<int> Pids() => CgroupFile.Pids(System.IO.Path.Combine(Path, "cgroup.procs"));

    public bool Populated => CgroupFile.Populated(CgroupFile.Read(EventsFile));

    /// <summary>SIGKILL to every process in the group, atomically (cgroup.kill, Linux 5.14).</summary>
    public bool Kill() => CgroupFile.Write(System.IO.Path.Combine(Path, "cgroup.kill"), "1") == 0;

    /// <summary>A limit file such as memory.max or cpu.max; 0 or the errno.</summary>
    public int SetLimit(string file, string value) => CgroupFile.Write(System.IO.Path.Combine(Path, file), value);

    /// <summary>This process is in the group (read from /proc/PID/cgroup, the v2 line "0::/…").</summary>
    public bool Holds(int pid, string mount)
    {
        if (CgroupFile.Read($"/proc/{pid}/cgroup") is not { } text) return false;
        foreach (var line in text.Split('\n'))
            if (line.StartsWith("0::", StringComparison.Ordinal))
                return string.Equals(mount.TrimEnd('/') + line[3..], Path, StringComparison.Ordinal);
        return false;
    }

    /// <summary>rmdir: succeeds only once the group is empty.</summary>
    public bool TryRemove()
    {
        try { Directory.Delete(Path, false); return true; }
        catch (DirectoryNotFoundException) { return true; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
    }
}
