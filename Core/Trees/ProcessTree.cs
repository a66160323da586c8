namespace Supervice.Core.Trees;

/// <summary>Everything one run of a program started: the leader (a session and group leader, so its pid is also
/// its pgid and sid), its own cgroup when there is one, and the processes the subreaper attributed to it.
/// Owned by the event loop.</summary>
public sealed class ProcessTree
{
    internal ProcessTree(string name, int leader, ulong leaderStart, CgroupGroup? group)
    {
        Name = name;
        Leader = leader;
        LeaderStart = leaderStart;
        Group = group;
    }

    public string Name { get; }
    public int Leader { get; }
    internal ulong LeaderStart { get; }
    public CgroupGroup? Group { get; internal set; }
    public Containment Containment => Group is null ? Containment.ProcessGroup : Containment.Cgroup;

    /// <summary>Re-parented processes already attributed (pid + start time): they stay members even if they later
    /// leave the group or the session.</summary>
    internal HashSet<(int Pid, ulong Start)> Adopted { get; } = [];

    /// <summary>The signal the tree is being ended with (0: it is not being ended); members found later get it too.</summary>
    public int EndingSignal { get; internal set; }

    /// <summary>A process belongs to this run: started no earlier than its leader, and in its group or session, already
    /// adopted, or carrying its SUPERVICE_PROCESS_NAME (read only when the cheaper tests fail).</summary>
    internal bool Claims(in ProcStat s, Func<int, string?> tagOf)
    {
        if (s.StartTicks < LeaderStart) return false;
        if (s.Pgid == Leader || s.Session == Leader || Adopted.Contains((s.Pid, s.StartTicks))) return true;
        return string.Equals(tagOf(s.Pid), Name, StringComparison.Ordinal);
    }
}
