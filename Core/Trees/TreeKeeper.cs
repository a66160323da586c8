using Supervice.Core.Native;
using Supervice.Core.Reap;
using Supervice.Config;

namespace Supervice.Core.Trees;

/// <summary>Keeps every program's tree (README: Whole process trees): creates its cgroup at spawn, says what is left of it once the
/// leader is gone, signals exactly those processes, and learns when the tree is empty. With cgroups, membership is
/// the group's and emptiness comes from cgroup.events by inotify. Without, the tree is the process group plus the
/// daemon's re-parented children attributed to it (group, session, earlier adoption, SUPERVICE_PROCESS_NAME) with
/// their descendants; as subreaper the daemon reaps the last of them, so every "gone" follows one of its reaps.
/// Called on the event loop only.</summary>
public sealed class TreeKeeper : IDisposable
{
    private readonly CgroupRoot? _root;
    private readonly CgroupWatcher? _watcher;
    private readonly Dictionary<int, CgroupGroup> _byWatch = new();
    private readonly HashSet<CgroupGroup> _released = new();
    private readonly Queue<ProcessTree> _leftAlone = new();
    private readonly Func<int, bool> _spawnedByUs;
    private readonly Action<Action> _post;
    private bool _ended, _cgroupsOff;

    /// <param name="mode">The SUPERVICE_CONTAINMENT value: "pgid" forces process groups; null or "cgroup": cgroups where usable.</param>
    /// <param name="post">Runs work on the event loop (the inotify thread reports through it).</param>
    /// <param name="spawnedByUs">A pid the daemon spawned and has not reaped (a leader, a health probe): never a leftover.</param>
    public TreeKeeper(string? mode, Action<Action> post, Func<int, bool> spawnedByUs)
    {
        _spawnedByUs = spawnedByUs;
        _post = post;
        if (mode == "pgid") { Description = "process group + subreaper (SUPERVICE_CONTAINMENT=pgid)"; return; }
        _root = CgroupRoot.TryCreate(Libc.getpid(), out var why);
        if (_root is not null) _watcher = CgroupWatcher.Create(wd => post(() => OnWatch(wd)));
        if (_root is not null && _watcher is null) { _root.TryRemove(); _root = null; why = "inotify is unavailable"; }
        Description = _root is not null ? $"cgroup v2 ({_root.Path})" : $"process group + subreaper ({why})";
        if (mode is not null and not "cgroup") Description += $"; SUPERVICE_CONTAINMENT={mode} is not pgid or cgroup, ignored";
    }

    public Containment Mode => _root is null ? Containment.ProcessGroup : Containment.Cgroup;
    public string Description { get; }

    /// <summary>A tree whose cgroup emptied (raised on the loop).</summary>
    public event Action<ProcessTree>? GroupEmptied;
    private readonly Dictionary<CgroupGroup, ProcessTree> _current = new();

    /// <summary>Before a spawn: the group the new run's leader joins (in the spawned child, before the program can
    /// fork) — the previous run's when that one is empty, else a new one. Null without cgroups, or when the kernel
    /// refuses a group (the error is returned; the run is then held by its process group only).</summary>
    public CgroupGroup? Prepare(string name, ProcessTree? previous, out string? error)
    {
        error = null;
        if (_root is null) return null;
        var group = previous?.Group;
        if (_cgroupsOff) { if (group is not null) Release(previous, false); return null; }
        if (group is not null) _current.Remove(group);
        if (group is not null && group.Populated) { _released.Add(group); group = null; }
        if (group is not null) return group;
        return _root.CreateFresh(name, out error);
    }

    /// <summary>Stops creating groups (the existing ones are still kept and ended). True the first time.</summary>
    public bool DisableCgroups()
    {
        if (_cgroupsOff || _root is null) return false;
        return _cgroupsOff = true;
    }

    /// <summary>Someone waits for this tree's group to empty: watch its cgroup.events from now on (only then, so a spawn
    /// costs no inotify event), and report at once when it emptied before the watch was in place.</summary>
    public void WatchUntilEmpty(ProcessTree t)
    {
        if (t.Group is not { } g || g.Watch >= 0) return;
        AddWatch(g);
        if (!g.Populated && _current.TryGetValue(g, out var tree)) _post(() => GroupEmptied?.Invoke(tree));
    }

    private void AddWatch(CgroupGroup g)
    {
        g.Watch = _watcher!.Add(g.EventsFile);
        if (g.Watch >= 0) _byWatch[g.Watch] = g;
    }

    /// <summary>A spawn that failed at once: its prepared group goes.</summary>
    public void Unprepare(CgroupGroup? group) { if (group is not null) Forget(group); }

    /// <summary>The tree of a run just spawned into the prepared group (or none).</summary>
    public ProcessTree Spawned(string name, int pid, CgroupGroup? group)
    {
        var tree = new ProcessTree(name, pid, ProcStat.Read(pid)?.StartTicks ?? 0, group);
        if (group is not null) _current[group] = tree;
        return tree;
    }

    /// <summary>The live processes of the tree other than a leader still running, attributing (and, while the tree is
    /// being ended, signalling) any newly re-parented ones.</summary>
    public List<int> Members(ProcessTree t)
    {
        var members = new List<int>();
        if (t.Group is { } g)
        {
            foreach (var pid in g.Pids()) if (!_spawnedByUs(pid)) members.Add(pid);
            return members;
        }
        var roots = new List<int>();
        foreach (var child in ProcTable.Children(Libc.getpid()))
        {
            if (child == t.Leader)
            {
                if (_spawnedByUs(child)) foreach (var c in ProcTable.Children(child)) roots.Add(c);
                continue;
            }
            if (_spawnedByUs(child) || ProcStat.Read(child) is not { } s || s.IsZombie || !t.Claims(s, ProcTable.TagOf)) continue;
            if (t.Adopted.Add((s.Pid, s.StartTicks)) && t.EndingSignal != 0) SignalExactly(s.Pid, s.StartTicks, t.EndingSignal);
            roots.Add(child);
        }
        foreach (var root in roots)
            foreach (var pid in ProcTable.Subtree(root))
                if (ProcStat.Read(pid) is { IsZombie: false }) members.Add(pid);
        return members;
    }

    /// <summary>Sends sig to every member (a leader still running is signalled by the caller, through its pidfd).
    /// SIGKILL to a cgroup is cgroup.kill. Returns how many processes were signalled.</summary>
    public int Signal(ProcessTree t, int sig)
    {
        t.EndingSignal = sig;
        if (t.Group is { } g && sig == Signals.SIGKILL && g.Kill()) return g.Pids().Count;
        int sent = 0;
        foreach (var pid in Members(t))
        {
            if (t.Group is { } group ? SignalInGroup(pid, group, sig) : ProcStat.Read(pid) is { } s && SignalExactly(pid, s.StartTicks, sig)) sent++;
        }
        return sent;
    }

    /// <summary>The tree is over (or left alone, killasgroup = false): its group is removed now when empty, else kept
    /// and removed once it empties. A tree left alone without a group is remembered (the latest 64) so that the
    /// daemon's exit can still end it.</summary>
    public void Release(ProcessTree? t, bool leftAlone)
    {
        if (t is not null && t.Group is null && leftAlone)
        {
            _leftAlone.Enqueue(t);
            if (_leftAlone.Count > 64) _leftAlone.Dequeue();
        }
        if (t?.Group is not { } g) return;
        _current.Remove(g);
        // rmdir first: it fails (EBUSY) while the group holds a process, so an empty group needs no cgroup.events read.
        if (g.TryRemove()) { Unwatch(g); return; }
        _released.Add(g);
        if (g.Watch < 0) { AddWatch(g); if (!g.Populated) Forget(g); }
    }

    private void OnWatch(int wd)
    {
        if (!_byWatch.TryGetValue(wd, out var g) || g.Populated) return;
        if (_current.TryGetValue(g, out var tree)) { GroupEmptied?.Invoke(tree); return; }
        if (_released.Remove(g)) Forget(g);
    }

    private void Forget(CgroupGroup g)
    {
        Unwatch(g);
        g.TryRemove();
    }

    private void Unwatch(CgroupGroup g)
    {
        _released.Remove(g);
        if (g.Watch >= 0) { _byWatch.Remove(g.Watch); _watcher?.Remove(g.Watch); g.Watch = -1; }
    }

    /// <summary>At the daemon's exit: every group still holding anything is killed, then all are removed with the
    /// daemon's own group. In process-group mode the given trees' members are SIGKILLed, and so is every re-parented
    /// child carrying one of the names (what runs released with killasgroup = false left), with its descendants.</summary>
    public void EndAll(IEnumerable<ProcessTree> trees, IReadOnlySet<string> names)
    {
        if (_ended) return;
        _ended = true;
        if (_root is null)
        {
            foreach (var t in trees.Concat(_leftAlone)) Signal(t, Signals.SIGKILL);
            foreach (var child in ProcTable.Children(Libc.getpid()))
            {
                if (_spawnedByUs(child) || ProcTable.TagOf(child) is not { } tag || !names.Contains(tag)) continue;
                foreach (var pid in ProcTable.Subtree(child))
                    if (ProcStat.Read(pid) is { IsZombie: false } s) SignalExactly(pid, s.StartTicks, Signals.SIGKILL);
            }
            return;
        }
        var groups = _root.Groups().ToList();
        foreach (var g in groups) if (g.Populated) g.Kill();
        // Bounded: SIGKILLed processes leave their group within milliseconds; this runs once, at exit.
        long deadline = Environment.TickCount64 + 2000;
        while (groups.Any(g => g.Populated) && Environment.TickCount64 < deadline) Thread.Sleep(5);
        foreach (var g in groups) { if (g.Watch >= 0) _watcher?.Remove(g.Watch); g.TryRemove(); }
        foreach (var g in _byWatch.Values) g.TryRemove();
        _root.TryRemove();
        _watcher?.Dispose();
    }

    public void Dispose() => EndAll([], new HashSet<string>());

    private bool SignalInGroup(int pid, CgroupGroup g, int sig)
    {
        int fd = Libc.pidfd_open(pid);
        if (fd < 0) return false;
        try { return g.Holds(pid, _root!.Mount) && Libc.pidfd_send_signal(fd, sig) == 0; }
        finally { Libc.close(fd); }
    }

    /// <summary>Through a pidfd taken before the check, so the pid we verified is the process we signal.</summary>
    private static bool SignalExactly(int pid, ulong start, int sig)
    {
        int fd = Libc.pidfd_open(pid);
        if (fd < 0) return false;
        try { return ProcStat.Read(pid) is { } s && s.StartTicks == start && !s.IsZombie && Libc.pidfd_send_signal(fd, sig) == 0; }
        finally { Libc.close(fd); }
    }
}
