using Supervice.Core.Native;

namespace Supervice.Core.Trees;

/// <summary>The daemon's own cgroup v2 group, `supervice.PID`, created under the cgroup the daemon runs in (on a
/// cgroup2 mount it can write: root, or a subtree delegated by systemd). Holds one <see cref="CgroupGroup"/> per
/// process; removed, empty, when the daemon exits.</summary>
public sealed class CgroupRoot
{
    private CgroupRoot(string mount, string path)
    {
        Mount = mount;
        Path = path;
    }

    public string Mount { get; }
    public string Path { get; }

    /// <summary>Creates the daemon's group, or says why containment falls back to process groups.</summary>
    public static CgroupRoot? TryCreate(int daemonPid, out string why)
    {
        var mount = Cgroup2Mount(CgroupFile.Read("/proc/self/mountinfo"));
        if (mount is null) { why = "no cgroup2 mount"; return null; }
        var own = OwnCgroup(CgroupFile.Read("/proc/self/cgroup"));
        if (own is null) { why = "the daemon's cgroup v2 path is unknown"; return null; }
        var parent = mount.TrimEnd('/') + own.TrimEnd('/');
        if (!File.Exists(System.IO.Path.Combine(parent, "cgroup.procs"))) { why = $"{parent} is not a cgroup v2 group"; return null; }
        RemoveStale(parent);
        var path = System.IO.Path.Combine(parent, $"supervice.{daemonPid}");
        try { Directory.CreateDirectory(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            why = $"cannot create {path}: {e.Message}";
            return null;
        }
        var root = new CgroupRoot(mount, path);
        // The root group has no cgroup.kill, so its presence is checked on ours.
        if (!File.Exists(System.IO.Path.Combine(path, "cgroup.kill"))) { root.TryRemove(); why = "cgroup.kill is missing (Linux < 5.14)"; return null; }
        why = "";
        return root;
    }

    /// <summary>A group for one process; null (with the reason) when the kernel refuses it.</summary>
    public CgroupGroup? CreateGroup(string name, out string? error)
    {
        var path = System.IO.Path.Combine(Path, name);
        try
        {
            Directory.CreateDirectory(path);
            error = null;
            return new CgroupGroup(path, name);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error = e.Message;
            return null;
        }
    }

    /// <summary>A new group named name, or name~2, name~3… while those are taken (a group left by an earlier run):
    /// one mkdir per try, no stat before it (a spawn makes one). Null, with the reason, when the kernel refuses it.</summary>
    public unsafe CgroupGroup? CreateFresh(string name, out string? error)
    {
        using var arena = new NativeArena();
        for (int n = 1; ; n++)
        {
            var dirName = n == 1 ? name : $"{name}~{n}";
            var path = System.IO.Path.Combine(Path, dirName);
            if (Libc.mkdir(arena.String(path), AnyMode) == 0) { error = null; return new CgroupGroup(path, dirName); }
            if (Libc.Errno != Libc.EEXIST) return CreateGroup(dirName, out error); // the runtime's wording of the refusal
        }
    }

    private const int AnyMode = 0x1FF; // 0777 less the umask, as Directory.CreateDirectory

    /// <summary>The groups still under the daemon's (left by runs released with killasgroup = false).</summary>
    public IEnumerable<CgroupGroup> Groups()
    {
        IEnumerable<string> dirs;
        try { dirs = Directory.EnumerateDirectories(Path).ToList(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { yield break; }
        foreach (var d in dirs) yield return new CgroupGroup(d, System.IO.Path.GetFileName(d));
    }

    public bool TryRemove() => new CgroupGroup(Path, "").TryRemove();

    /// <summary>Empty groups of daemons that are gone (a SIGKILLed daemon could not remove its own).</summary>
    private static void RemoveStale(string parent)
    {
        try
        {
            foreach (var dir in Directory.EnumerateDirectories(parent, "supervice.*").ToList())
            {
                if (!int.TryParse(System.IO.Path.GetFileName(dir).AsSpan("supervice.".Length), out var pid) || Directory.Exists($"/proc/{pid}")) continue;
                foreach (var g in Directory.EnumerateDirectories(dir).ToList())
                    new CgroupGroup(g, "").TryRemove(); // refused (EBUSY) while something still runs in it
                new CgroupGroup(dir, "").TryRemove();
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    /// <summary>The mount point of the cgroup2 file system in a /proc/self/mountinfo text (the first one).</summary>
    public static string? Cgroup2Mount(string? mountinfo)
    {
        if (mountinfo is null) return null;
        foreach (var line in mountinfo.Split('\n'))
        {
            int dash = line.IndexOf(" - ", StringComparison.Ordinal);
            if (dash < 0) continue;
            var after = line[(dash + 3)..].Split(' ');
            var fields = line[..dash].Split(' ');
            if (after.Length > 0 && after[0] == "cgroup2" && fields.Length > 4) return fields[4];
        }
        return null;
    }

    /// <summary>The v2 path ("0::/PATH") in a /proc/self/cgroup text.</summary>
    public static string? OwnCgroup(string? text)
    {
        if (text is null) return null;
        foreach (var line in text.Split('\n'))
            if (line.StartsWith("0::", StringComparison.Ordinal)) return line[3..].Trim() is { Length: > 0 } p && !p.Contains(" (deleted)") ? p : null;
        return null;
    }
}
