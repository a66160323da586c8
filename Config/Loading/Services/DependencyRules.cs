using Supervice.Config.Model;
namespace Supervice.Config.Loading.Services;

/// <summary>The checks of `depends_on` that need every program (README: Service dependencies and readiness): unknown names (with did-you-mean), a
/// program depending on itself, `healthy` on a program without a health check, and every cycle as its path.</summary>
internal static class DependencyRules
{
    public static void Check(List<ProgramConfig> programs, ISet<string> otherSections, List<Diagnostic> diagnostics)
    {
        var byName = programs.ToDictionary(p => p.Name, StringComparer.Ordinal);
        var edges = new Dictionary<string, List<Dependency>>(StringComparer.Ordinal);
        foreach (var p in programs)
        {
            var valid = new List<Dependency>();
            foreach (var d in Entries(p))
            {
                string prefix = $"Program '{p.Name}': ";
                if (d.Program == p.Name) { Error(diagnostics, d.At, $"{prefix}depends_on: {p.Name} depends on itself"); continue; }
                if (!byName.TryGetValue(d.Program, out var target))
                {
                    var hint = KnownKeys.Suggest(d.Program, byName.Keys);
                    var what = otherSections.Contains(d.Program) ? $"{d.Program} is not a [program:] section" : $"unknown program '{d.Program}'";
                    Error(diagnostics, d.At, $"{prefix}depends_on: {what}" + (hint is null ? "" : $"; did you mean '{hint}'?"));
                    continue;
                }
                if (d.Condition == DependencyCondition.Healthy && target.Instances.All(i => i.HealthCheck.Type == HealthCheckType.None))
                {
                    Error(diagnostics, d.At, $"{prefix}depends_on: {d.Program}:healthy, but program {d.Program} has no health check (set healthcheck_type)");
                    continue;
                }
                valid.Add(d);
            }
            edges[p.Name] = valid;
        }
        foreach (var cycle in DependencyCycles.Find(programs.Select(p => p.Name).ToList(), n => edges[n].Select(d => d.Program)))
        {
            var at = edges[cycle[0]].First(d => d.Program == cycle[1]).At;
            Error(diagnostics, at, $"Program '{cycle[0]}': depends_on cycle: {string.Join(" -> ", cycle)}");
        }
    }

    /// <summary>The program's entries: every instance has the same option, so the first one's.</summary>
    public static IEnumerable<Dependency> Entries(ProgramConfig p) => p.Instances.IsDefaultOrEmpty ? [] : p.Instances[0].DependsOn;

    private static void Error(List<Diagnostic> diagnostics, SourceLocation at, string message)
        => diagnostics.Add(new Diagnostic(at.File, at.Line, Severity.Error, message));
}
