using Microsoft.Extensions.Logging;
using ZLogger;
using Supervice.Config;
using Supervice.Config.Model;
using Supervice.Core.Lifecycle;

namespace Supervice.Core.Engine;

/// <summary>supervisord's two-step update (README: HTTP and XML-RPC): `reloadConfig` re-reads the file and reports which groups were
/// added, changed or removed without applying anything; `addProcessGroup` / `removeProcessGroup` then apply one group
/// at a time. Each step is an ordinary reload onto a model that differs from the running one in that group only.</summary>
public sealed partial class Supervisor
{
    /// <summary>The model the last reread loaded (what `avail` and `addProcessGroup` see); null before any reread.</summary>
    public ConfigModel? Reread { get; private set; }

    public sealed record GroupDiff(bool Ok, string? Error, IReadOnlyList<string> Added, IReadOnlyList<string> Changed, IReadOnlyList<string> Removed);

    public Task<GroupDiff> RereadAsync()
    {
        var done = new TaskCompletionSource<GroupDiff>(TaskCreationOptions.RunContinuationsAsynchronously);
        Task.Run(() =>
        {
            LoadResult result;
            try { result = ReloadLoader(Config.Path); }
            catch (Exception ex) { result = new LoadResult(null, [new Diagnostic(Config.Path, 0, Severity.Error, ex.Message)]); }
            Post(() => done.SetResult(DiffGroups(result)));
        });
        return done.Task;
    }

    private GroupDiff DiffGroups(LoadResult result)
    {
        if (!result.Ok)
        {
            var errors = result.Diagnostics.Where(d => d.Severity == Severity.Error).Select(d => d.ToString()).ToList();
            return new GroupDiff(false, errors.Count == 0 ? "the config could not be loaded" : string.Join("\n", errors), [], [], []);
        }
        Reread = result.Model!;
        var active = ActiveGroups();
        var next = Reread.Processes.GroupBy(p => p.GroupName).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var added = next.Keys.Where(g => !active.ContainsKey(g)).Order(StringComparer.Ordinal).ToList();
        var removed = active.Keys.Where(g => !next.ContainsKey(g)).Order(StringComparer.Ordinal).ToList();
        var changed = next.Keys.Where(g => active.TryGetValue(g, out var now) && !SameGroup(now, next[g], Config, Reread))
            .Order(StringComparer.Ordinal).ToList();
        return new GroupDiff(true, null, added, changed, removed);
    }

    private Dictionary<string, List<ProcessSpec>> ActiveGroups() => _processes.Where(p => !p.Removed)
        .GroupBy(p => p.Spec.GroupName).ToDictionary(g => g.Key, g => g.Select(p => p.Spec).ToList(), StringComparer.Ordinal);

    private static bool SameGroup(List<ProcessSpec> a, List<ProcessSpec> b, ConfigModel am, ConfigModel bm)
    {
        if (a.Count != b.Count || GroupPriority(am, a[0].GroupName) != GroupPriority(bm, b[0].GroupName)) return false;
        var byName = b.ToDictionary(s => s.Name, StringComparer.Ordinal);
        return a.All(s => byName.TryGetValue(s.Name, out var other) && ReloadPlan.SameSpec(s, other));
    }

    public static int GroupPriority(ConfigModel model, string group)
        => model.Groups.FirstOrDefault(g => g.Name == group)?.Priority ?? model.Processes.FirstOrDefault(p => p.GroupName == group)?.Priority ?? 999;

    public bool GroupActive(string group) => _processes.Any(p => !p.Removed && p.Spec.GroupName == group);

    /// <summary>addProcessGroup: BAD_NAME when the reread model has no such group, ALREADY_ADDED when it runs already.</summary>
    public string? AddGroup(string group)
    {
        var source = Reread ?? Config;
        if (!source.Processes.Any(p => p.GroupName == group)) return "BAD_NAME";
        if (GroupActive(group)) return "ALREADY_ADDED";
        _log.ZLogInformation($"adding process group {group}");
        ApplyReload(new LoadResult(WithGroup(Config, source, group), []), dryRun: false);
        return null;
    }

    /// <summary>removeProcessGroup: BAD_NAME when not active, STILL_RUNNING while any of its processes has a child.</summary>
    public string? RemoveGroup(string group)
    {
        var members = _processes.Where(p => !p.Removed && p.Spec.GroupName == group).ToList();
        if (members.Count == 0) return "BAD_NAME";
        if (members.Any(p => p.State.State.HasChild() || p.State.State == ProcessState.Backoff)) return "STILL_RUNNING";
        _log.ZLogInformation($"removing process group {group}");
        ApplyReload(new LoadResult(WithGroup(Config, null, group), []), dryRun: false);
        return null;
    }

    /// <summary>The running model with one group's programs taken from `source` (null: dropped).</summary>
    private static ConfigModel WithGroup(ConfigModel current, ConfigModel? source, string group)
    {
        var programs = current.Programs.Where(p => p.GroupName != group).ToList();
        var groups = current.Groups.Where(g => g.Name != group).ToList();
        var processes = current.Processes.Where(p => p.GroupName != group).ToList();
        if (source is not null)
        {
            programs.AddRange(source.Programs.Where(p => p.GroupName == group));
            groups.AddRange(source.Groups.Where(g => g.Name == group));
            processes.AddRange(source.Processes.Where(p => p.GroupName == group));
        }
        return current with { Programs = [.. programs], Groups = [.. groups], Processes = [.. processes] };
    }
}
