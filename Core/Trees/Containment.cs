namespace Supervice.Core.Trees;

/// <summary>How a program's tree is held together: its own cgroup v2 group (which no process can leave), or its
/// process group plus what the subreaper attributes to it.</summary>
public enum Containment { ProcessGroup, Cgroup }

public static class ContainmentNames
{
    /// <summary>The name shown by `ctl status --json` and in the start-up log line.</summary>
    public static string Wire(this Containment c) => c == Containment.Cgroup ? "cgroup" : "pgid";
}
