using Microsoft.Extensions.Logging;
using ZLogger;

using Supervice.Core.Lifecycle;
using Supervice.Core.Trees;

namespace Supervice.Core.Engine;

/// <summary>Whole process trees (README: Whole process trees): each run's tree is kept by <see cref="TreeKeeper"/>; when the leader exits,
/// what is left of its tree is counted and handed to the lifecycle (Exited carries the count), ended on EndTree, and
/// its end comes back as TreeGone — from cgroup.events, or from the reap of the last orphan (we are its subreaper).</summary>
public sealed partial class Supervisor
{
    public Containment ContainmentOf(ManagedProcess p) => p.Tree?.Containment ?? _trees.Mode;

    private TreeKeeper CreateTrees(string? mode)
    {
        var keeper = new TreeKeeper(mode, Post, pid => _byPid.ContainsKey(pid) || _auxiliaryExits.ContainsKey(pid));
        keeper.GroupEmptied += OnTreeMaybeGone;
        return keeper;
    }

    /// <summary>Before a spawn: the cgroup the new run joins (null without cgroups).</summary>
    private CgroupGroup? PrepareTree(ManagedProcess p)
    {
        var group = _trees.Prepare(p.Name, p.Tree, out var error);
        if (error is not null) _log.ZLogWarning($"{p.Name}: cannot create its cgroup ({error}); its tree is held by its process group only");
        return group;
    }

    /// <summary>The kernel refused a move into a group it let us create (a delegated subtree with controllers enabled
    /// refuses processes in inner groups): no more cgroups; the retry, and every later spawn, use the process group.</summary>
    private void CgroupJoinFailed(ManagedProcess p, string why)
    {
        if (_trees.DisableCgroups()) _log.ZLogWarning($"{p.Name}: {why}; containment falls back to process group + subreaper for every later spawn");
    }

    /// <summary>How many processes of the leader's tree outlive it (0 when killasgroup = false: they are left alone).</summary>
    private int CountLeftovers(ManagedProcess p)
    {
        if (p.Tree is not { } tree || !p.Spec.KillAsGroup) return p.TreeLeftovers = 0;
        p.TreeLeftovers = _trees.Members(tree).Count;
        if (p.TreeLeftovers > 0) _trees.WatchUntilEmpty(tree);
        return p.TreeLeftovers;
    }

    private void EndTree(ManagedProcess p, int signal)
    {
        if (p.Tree is { } tree && p.Spec.KillAsGroup) _trees.Signal(tree, signal);
    }

    /// <summary>After every transition: a run that is over and whose tree is not being waited for gives its tree up.</summary>
    private void ReleaseTreeIfDone(ManagedProcess p)
    {
        if (p.Tree is null || p.State.AwaitingTree || p.State.State.HasChild()) return;
        _trees.Release(p.Tree, leftAlone: !p.Spec.KillAsGroup);
        p.Tree = null;
        p.TreeLeftovers = 0;
    }

    private void OnTreeMaybeGone(ProcessTree tree)
    {
        // a snapshot: a removed program reaching STOPPED is released, which edits the list
        foreach (var p in _processes.ToArray())
            if (p.Tree == tree && p.State.AwaitingTree && CountLeftovers(p) == 0) Dispatch(p, EventKind.TreeGone);
    }

    /// <summary>Reaper thread: an orphan was reaped, so a tree may have lost its last process (or gained re-parented
    /// children of the one that died). One check is posted however many orphans die meanwhile.</summary>
    private void OnOrphanReaped()
    {
        if (Interlocked.Exchange(ref _orphanCheckPosted, 1) == 1) return;
        Post(() =>
        {
            Volatile.Write(ref _orphanCheckPosted, 0);
            foreach (var p in _processes.ToArray())
                if (p.Tree is not null && p.State.AwaitingTree && CountLeftovers(p) == 0) Dispatch(p, EventKind.TreeGone);
        });
    }

    private void EndAllTrees()
        => _trees.EndAll(_processes.Select(p => p.Tree).OfType<ProcessTree>().ToList(), _processes.Select(p => p.Name).ToHashSet(StringComparer.Ordinal));

    private void ReportSinkError(string message) => _log.ZLogWarning($"{message}");
}
