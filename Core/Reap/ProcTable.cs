using Supervice.Core.Reconcile;
namespace Supervice.Core.Reap;

/// <summary>Process listings from /proc: all pids, a process's direct children, the tag our children carry.</summary>
public static class ProcTable
{
    public static IEnumerable<int> Pids()
    {
        IEnumerable<string> dirs;
        try { dirs = Directory.EnumerateDirectories("/proc").ToList(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { yield break; }
        foreach (var d in dirs)
            if (int.TryParse(Path.GetFileName(d.AsSpan()), out var pid)) yield return pid;
    }

    /// <summary>Direct children of pid, from every thread's /proc/PID/task/TID/children (a reparented orphan may be
    /// attached to any thread of a subreaper); a full /proc scan where that file does not exist.</summary>
    public static List<int> Children(int pid)
    {
        var children = new List<int>();
        try
        {
            bool any = false;
            foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                var file = Path.Combine(task, "children");
                if (!File.Exists(file)) continue;
                any = true;
                foreach (var word in File.ReadAllText(file).Split(' ', StringSplitOptions.RemoveEmptyEntries))
                    if (int.TryParse(word, out var c)) children.Add(c);
            }
            if (any) return children.Distinct().ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { children.Clear(); }
        foreach (var p in Pids())
            if (ProcessIdentity.Stat(p) is { } s && s.PPid == pid) children.Add(p);
        return children;
    }

    /// <summary>pid and all its descendants, parents first.</summary>
    public static List<int> Subtree(int pid)
    {
        var all = new List<int> { pid };
        for (int i = 0; i < all.Count && all.Count < 100_000; i++) all.AddRange(Children(all[i]));
        return all;
    }

    /// <summary>The SUPERVICE_PROCESS_NAME a process was exec'd with (inherited by its descendants), or null.</summary>
    public static string? TagOf(int pid)
    {
        byte[] env;
        try { env = File.ReadAllBytes($"/proc/{pid}/environ"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
        return TagIn(env);
    }

    public static string? TagIn(ReadOnlySpan<byte> environ)
    {
        ReadOnlySpan<byte> prefix = "SUPERVICE_PROCESS_NAME="u8;
        while (environ.Length > 0)
        {
            int end = environ.IndexOf((byte)0);
            var entry = end < 0 ? environ : environ[..end];
            if (entry.StartsWith(prefix)) return System.Text.Encoding.UTF8.GetString(entry[prefix.Length..]);
            environ = end < 0 ? [] : environ[(end + 1)..];
        }
        return null;
    }
}
