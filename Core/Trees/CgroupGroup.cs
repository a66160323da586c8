namespace Supervice.Core.Trees;

/// <summary>One process's cgroup v2 group (`supervice.PID/NAME`): what it holds, how it ends, when it is empty.
/// Resource limits (memory.max, cpu.max) are later one-line writes here (<see cref="SetLimit"/>).</summary>
public sealed class CgroupGroup
{
    internal CgroupGroup(string path, string name)
    {
        Path = path;
        Name = name;
        EventsFile = System.IO.Path.Combine(path, "cgroup.events");
        ProcsFile = System.IO.Path.Combine(path, "cgroup.procs");
    }

    public string Path { get; }
    public string Name { get; }
    /// <summary>The inotify watch on cgroup.events (-1: none).</summary>
    internal int Watch { get; set; } = -1;

    public string EventsFile { get; }
    public string ProcsFile { get; }

    public List<int> Pids() => CgroupFile.Pids(ProcsFile);

    public bool Populated => CgroupFile.PopulatedFile(EventsFile);

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

    /// <summary>rmdir: succeeds only once the group is empty (a group already gone counts as removed).</summary>
    public unsafe bool TryRemove()
    {
        int rc;
        using (var arena = new Native.NativeArena()) rc = Native.Libc.unlinkat(Native.Libc.AT_FDCWD, arena.String(Path), Native.Libc.AT_REMOVEDIR);
        return rc == 0 || Native.Libc.Errno == Native.Libc.ENOENT;
    }
}
