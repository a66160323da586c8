using System.Collections.Immutable;
using Supervice.Config.Ini;
using Supervice.Config.Model;

namespace Supervice.Config.Loading;

/// <summary>One `[program:NAME]` (or an ignored `[eventlistener:x]`/`[fcgi-program:x]` pool): numprocs and instance
/// naming as supervisord does it, then one ProcessSpec per instance.</summary>
internal sealed class ProgramSectionParser(LoadContext context)
{
    public const string DefaultSingleName = "%(program_name)s";
    public const string DefaultMultiName = "%(program_name)s:%(process_num)02d";

    public ProgramConfig? Parse(IniSection section, string name, string groupName, bool listener = false)
    {
        var prefix = $"Program '{name}': ";
        if (name.Length == 0 || name.Any(c => char.IsWhiteSpace(c) || c is '/' or ':'))
        {
            context.Diagnostics.Add(new Diagnostic(section.File, section.Line, Severity.Error,
                $"{prefix}invalid program name (it must be non-empty and may not contain whitespace, '/' or ':')"));
            return null;
        }
        KnownKeys.Check(section, listener ? KnownKeys.EventListener : KnownKeys.Program, KnownKeys.ProgramUnsupported, context.Diagnostics);
        var instances = Instances(section, name, groupName, prefix, context.Diagnostics, out var numprocs, out var priority, listener ? -1 : 999);
        if (instances is null) return null;
        var specs = ImmutableArray.CreateBuilder<ProcessSpec>();
        for (int i = 0; i < instances.Count; i++)
        {
            // Every instance is validated, but only the first reports: the others would repeat the same problems.
            var sink = i == 0 ? context.Diagnostics : [];
            var r = new SectionReader(section, context.Files.Defaults, instances[i].Keys, sink, prefix);
            var spec = new ProcessSpecParser(context, r, name, groupName).Parse(instances[i].Name, instances[i].Num, numprocs, priority);
            if (spec is not null) specs.Add(spec);
        }
        return new ProgramConfig(name, groupName, numprocs, priority, section.Location, specs.ToImmutable());
    }

    /// <summary>Names of the processes of a section we do not run (eventlistener, fcgi-program), for check-config --json.</summary>
    public IgnoredPool Pool(IniSection section, string kind, string name)
    {
        var sink = new List<Diagnostic>();
        var instances = Instances(section, name, name, $"[{section.Name}]: ", sink, out _, out var priority, kind == "eventlistener" ? -1 : 999);
        // The daemon never runs these sections, so their problems cannot stop a load.
        foreach (var d in sink) context.Diagnostics.Add(d with { Severity = Severity.Warning });
        var commands = new List<string>();
        foreach (var inst in instances ?? [])
        {
            var r = new SectionReader(section, context.Files.Defaults, inst.Keys, [], "");
            commands.Add(r.String("command") ?? "");
        }
        return new IgnoredPool(kind, name, priority, [.. (instances ?? []).Select(i => i.Name)], [.. commands]);
    }

    private sealed record Instance(string Name, int Num, Dictionary<string, object> Keys);

    private List<Instance>? Instances(IniSection section, string name, string groupName, string prefix, List<Diagnostic> sink,
        out int numprocs, out int priority, int defaultPriority = 999)
    {
        var keys = context.BaseKeys(name, groupName);
        var r = new SectionReader(section, context.Files.Defaults, keys, sink, prefix);
        priority = r.Int("priority", defaultPriority);
        numprocs = r.Int("numprocs", 1, 0);
        if (numprocs == 0) { r.Error("numprocs", "numprocs must be at least 1"); return null; }
        int start = r.Int("numprocs_start", 0, 0);
        var raw = r.Find("process_name")?.Value;
        var template = raw ?? (numprocs > 1 ? DefaultMultiName : DefaultSingleName);
        if (numprocs > 1 && !template.Contains("%(process_num)", StringComparison.Ordinal))
        {
            r.Error("process_name", "%(process_num) must be present within process_name when numprocs > 1");
            return null;
        }
        var result = new List<Instance>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int n = start; n < start + numprocs; n++)
        {
            var k = new Dictionary<string, object>(keys, StringComparer.Ordinal) { ["process_num"] = n, ["numprocs"] = numprocs };
            var nameReader = new SectionReader(section, context.Files.Defaults, k, n == start ? sink : [], prefix);
            string? processName = raw is null ? Expansion.Expand(template, k, out _) : nameReader.String("process_name");
            if (processName is null) return null;
            if (processName.Length == 0 || processName.Any(c => char.IsWhiteSpace(c) || c == '/'))
            {
                nameReader.Error("process_name", $"invalid process name '{processName}' (it may not be empty or contain whitespace or '/')");
                return null;
            }
            if (!seen.Add(processName))
            {
                nameReader.Error("process_name", $"process_name '{template}' gives the same name '{processName}' to several instances");
                return null;
            }
            result.Add(new Instance(processName, n, k));
        }
        return result;
    }
}
