using System.Collections.Immutable;
using Supervice.Config.Ini;
using Supervice.Config.Loading;
using Supervice.Config.Model;
using Supervice.Config.Loading.Services;

namespace Supervice.Config;

/// <summary>Loads a config file (and its includes) into a ConfigModel, collecting every problem as a Diagnostic.
/// Pure: reads files, nothing else. The daemon, reload and check-config all use this.</summary>
public static class ConfigLoader
{
    private static readonly string[] UnsupportedSectionPrefixes = ["rpcinterface:", "ctlplugin:"];
    private static readonly string[] KnownSectionNames = ["supervice", "supervisord", "unix_http_server", "supervisorctl", "include", "inet_http_server"];
    private static readonly string[] KnownSectionPrefixes = ["program:", "group:", "eventlistener:", "fcgi-program:", "rpcinterface:", "ctlplugin:"];

    public static LoadResult Load(string path, LoadOptions options)
    {
        var diagnostics = new List<Diagnostic>();
        var full = Path.GetFullPath(path, options.WorkingDirectory);
        if (!File.Exists(full))
        {
            diagnostics.Add(new Diagnostic(full, 0, Severity.Error, $"Config file not found: {full}"));
            return new LoadResult(null, [.. diagnostics]);
        }
        var files = ConfigFiles.Read(full, options, diagnostics);
        var context = new LoadContext(files, options, diagnostics);
        context.Settings = SupervisorSectionParser.Parse(files, options, context.CommonKeys, context.Host, diagnostics);
        var groups = new GroupSectionParser(context);
        groups.Parse();

        var programs = new List<ProgramConfig>();
        var pools = new List<IgnoredPool>();
        var programNames = new HashSet<string>(StringComparer.Ordinal);
        var parser = new ProgramSectionParser(context);
        var listeners = new EventListenerParser(context, parser);
        foreach (var section in files.Sections)
        {
            var name = section.Name;
            if (name.StartsWith("program:", StringComparison.Ordinal))
            {
                var programName = name["program:".Length..];
                programNames.Add(programName);
                var group = groups.GroupOfProgram.GetValueOrDefault(programName, programName);
                var program = parser.Parse(section, programName, group);
                if (program is not null) programs.Add(program);
            }
            else if (name.StartsWith("eventlistener:", StringComparison.Ordinal))
            {
                var poolName = name["eventlistener:".Length..];
                programNames.Add(poolName);
                var pool = listeners.Parse(section, poolName);
                if (pool is not null) programs.Add(pool);
            }
            else if (name.StartsWith("fcgi-program:", StringComparison.Ordinal))
            {
                var kind = name[..name.IndexOf(':')];
                Warn(section, $"[{name}]: {kind} sections are not supported by supervice (ignored)", diagnostics);
                var pool = parser.Pool(section, kind, name[(kind.Length + 1)..]);
                programNames.Add(pool.Name);
                pools.Add(pool);
            }
            else if (name == "include") KnownKeys.Check(section, KnownKeys.Include, [], diagnostics);
            else if (name == "rpcinterface:supervisor" && IsStockRpcInterface(section)) { }
            else if (UnsupportedSectionPrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal)))
                Warn(section, $"[{name}] is not supported by supervice (ignored)", diagnostics);
            else if (!KnownSectionNames.Contains(name) && !name.StartsWith("group:", StringComparison.Ordinal))
                Warn(section, $"unknown section [{name}] (ignored){SectionSuggestion(name)}", diagnostics);
        }
        groups.CheckMembers(programNames);
        CheckDuplicateProcessNames(programs, diagnostics);
        DependencyRules.Check(programs, programNames.Except(programs.Select(p => p.Name)).ToHashSet(StringComparer.Ordinal), diagnostics);

        var model = new ConfigModel(full, context.Settings, [.. programs], BuildGroups(groups, programs), [.. programs.SelectMany(p => p.Instances)])
        {
            IgnoredPools = [.. pools],
        };
        bool failed = diagnostics.Any(d => d.Severity == Severity.Error);
        return new LoadResult(failed ? null : model, [.. diagnostics]);
    }

    /// <summary>supervisord's own XML-RPC interface, which Supervice serves built in (README: HTTP and XML-RPC).</summary>
    private static bool IsStockRpcInterface(IniSection section) =>
        section.Values.All(v => v.Key == "supervisor.rpcinterface_factory" && v.Value.Trim() == "supervisor.rpcinterface:make_main_rpcinterface");

    private static void Warn(IniSection section, string message, List<Diagnostic> diagnostics) =>
        diagnostics.Add(new Diagnostic(section.File, section.Line, Severity.Warning, message));

    private static string SectionSuggestion(string name)
    {
        int colon = name.IndexOf(':');
        var head = colon < 0 ? name : name[..(colon + 1)];
        var candidates = colon < 0 ? KnownSectionNames : KnownSectionPrefixes;
        var best = KnownKeys.Suggest(head.ToLowerInvariant(), candidates);
        return best is null ? "" : $"; did you mean [{best}{(colon < 0 ? "" : name[(colon + 1)..])}]?";
    }

    private static void CheckDuplicateProcessNames(List<ProgramConfig> programs, List<Diagnostic> diagnostics)
    {
        var owner = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in programs)
            foreach (var spec in p.Instances)
                if (!owner.TryAdd(spec.Name, p.Name))
                    diagnostics.Add(new Diagnostic(spec.Location.File, spec.Location.Line, Severity.Error,
                        $"Program '{p.Name}': process name '{spec.Name}' is already used by program '{owner[spec.Name]}'"));
    }

    private static ImmutableArray<GroupConfig> BuildGroups(GroupSectionParser groups, List<ProgramConfig> programs)
    {
        var defined = programs.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var result = new List<GroupConfig>();
        foreach (var g in groups.Groups)
        {
            // A program with the same name as an explicit group joins it (0.4.1 merged the two).
            var members = g.Programs.Where(defined.Contains)
                .Concat(programs.Where(p => p.Name == g.Name && !groups.GroupOfProgram.ContainsKey(p.Name)).Select(p => p.Name));
            result.Add(new GroupConfig(g.Name, g.Priority, [.. members], Implicit: false));
        }
        var explicitNames = groups.Groups.Select(g => g.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var p in programs.Where(p => !groups.GroupOfProgram.ContainsKey(p.Name) && !explicitNames.Contains(p.Name)))
            result.Add(new GroupConfig(p.Name, p.Priority, [p.Name], Implicit: true));
        return [.. result];
    }
}
