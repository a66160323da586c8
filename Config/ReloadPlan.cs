using Supervice.Config.Model;
namespace Supervice.Config;

/// <summary>What a reload does, per process name: added, removed, changed in fields that apply live, or changed in
/// fields that need a new process (only that process restarts, never its whole group). Pure.</summary>
public sealed record ReloadPlan(List<string> Added, List<string> Removed, List<string> ChangedLive, List<string> NeedsRestart)
{
    /// <summary>Processes whose group changed (they keep running; membership applies at once).</summary>
    public List<string> GroupChanged { get; init; } = [];

    public bool IsEmpty => Added.Count + Removed.Count + ChangedLive.Count + NeedsRestart.Count + GroupChanged.Count == 0;

    public static ReloadPlan Compute(ConfigModel current, ConfigModel next)
    {
        var before = current.Processes.ToDictionary(p => p.Name, StringComparer.Ordinal);
        var after = next.Processes.ToDictionary(p => p.Name, StringComparer.Ordinal);
        var plan = new ReloadPlan(
            [.. next.Processes.Where(p => !before.ContainsKey(p.Name)).Select(p => p.Name)],
            [.. current.Processes.Where(p => !after.ContainsKey(p.Name)).Select(p => p.Name)],
            [], []);
        bool inheritedChanged = !Pairs(current.Supervisor.Environment).SequenceEqual(Pairs(next.Supervisor.Environment));
        foreach (var spec in next.Processes)
        {
            if (!before.TryGetValue(spec.Name, out var old)) continue;
            if (NeedsNewProcess(old, spec) || (inheritedChanged && !SameConfiguredEnvironment(current.Supervisor, old, next.Supervisor, spec)))
                plan.NeedsRestart.Add(spec.Name);
            else if (!LiveEquals(old, spec)) plan.ChangedLive.Add(spec.Name);
            if (old.GroupName != spec.GroupName) plan.GroupChanged.Add(spec.Name);
        }
        return plan;
    }

    /// <summary>Fields a running child was started with: a change needs a new process.</summary>
    public static bool NeedsNewProcess(ProcessSpec a, ProcessSpec b) =>
        a.Command != b.Command
        || !a.Argv.SequenceEqual(b.Argv)
        || !a.Environment.SequenceEqual(b.Environment)
        || a.Directory != b.Directory
        || a.User != b.User
        || a.Umask != b.Umask
        || a.Stdout.Path != b.Stdout.Path
        || a.Stderr.Path != b.Stderr.Path
        || a.RedirectStderr != b.RedirectStderr
        || a.PdeathSig != b.PdeathSig
        || a.HealthCheck.Type != b.HealthCheck.Type
        || a.HealthCheck.Command != b.HealthCheck.Command
        || a.Readiness.Kind != b.Readiness.Kind || a.Readiness.Fd != b.Readiness.Fd; // NOTIFY_SOCKET and fd N are set at spawn

    /// <summary>Every child inherits `[supervice] environment` under its own `environment`: a change restarts the
    /// processes whose resulting variables differ (not one that sets the changed name itself).</summary>
    private static bool SameConfiguredEnvironment(SupervisorSettings a, ProcessSpec specA, SupervisorSettings b, ProcessSpec specB)
    {
        Dictionary<string, string> Merge(SupervisorSettings s, ProcessSpec p)
        {
            var env = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (k, v) in Pairs(s.Environment)) env[k] = v;
            foreach (var (k, v) in Pairs(p.Environment)) env[k] = v;
            return env;
        }
        var x = Merge(a, specA);
        var y = Merge(b, specB);
        return x.Count == y.Count && x.All(kv => y.TryGetValue(kv.Key, out var v) && v == kv.Value);
    }

    private static IEnumerable<KeyValuePair<string, string>> Pairs(System.Collections.Immutable.ImmutableArray<KeyValuePair<string, string>> env)
        => env.IsDefault ? [] : env;

    /// <summary>The same process in every field that matters (supervisord's "changed" group test).</summary>
    public static bool SameSpec(ProcessSpec a, ProcessSpec b) => !NeedsNewProcess(a, b) && LiveEquals(a, b) && a.GroupName == b.GroupName;

    /// <summary>Equal apart from where it was written (moving a section in the file changes nothing).</summary>
    private static bool LiveEquals(ProcessSpec a, ProcessSpec b) =>
        a with { Location = default, GroupName = "", Argv = [], Environment = [], ExitCodes = [], DependsOn = [] }
            == b with { Location = default, GroupName = "", Argv = [], Environment = [], ExitCodes = [], DependsOn = [] }
        && a.ExitCodes.SequenceEqual(b.ExitCodes)
        && a.DependsOn.Select(d => (d.Program, d.Condition)).SequenceEqual(b.DependsOn.Select(d => (d.Program, d.Condition)));
}
