using System.Collections.Immutable;
using Supervice.Config.Model;
namespace Supervice.Config.Loading.Services;

/// <summary>`depends_on = db, cache:healthy, migrate:completed` → Dependency entries; names are checked later against
/// every program (<see cref="DependencyRules"/>), here only the shape and the condition.</summary>
internal static class DependsOnParser
{
    private static readonly string[] Conditions = ["started", "running", "healthy", "completed"];

    public static ImmutableArray<Dependency> Parse(SectionReader r)
    {
        var raw = r.String("depends_on");
        if (string.IsNullOrWhiteSpace(raw)) return [];
        var at = r.At("depends_on");
        var result = ImmutableArray.CreateBuilder<Dependency>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in raw.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            int colon = entry.IndexOf(':');
            var name = (colon < 0 ? entry : entry[..colon]).Trim();
            var cond = colon < 0 ? "running" : entry[(colon + 1)..].Trim();
            if (name.Length == 0) { r.Error("depends_on", $"depends_on: '{entry}' names no program"); continue; }
            DependencyCondition? condition = cond.ToLowerInvariant() switch
            {
                "started" => DependencyCondition.Started,
                "running" => DependencyCondition.Running,
                "healthy" => DependencyCondition.Healthy,
                "completed" => DependencyCondition.Completed,
                _ => null,
            };
            if (condition is null)
            {
                var hint = KnownKeys.Suggest(cond.ToLowerInvariant(), Conditions);
                r.Error("depends_on", $"depends_on: unknown condition '{cond}' for {name} (expected started, running, healthy or completed)"
                    + (hint is null ? "" : $"; did you mean '{hint}'?"));
                continue;
            }
            if (!seen.Add(name)) { r.Error("depends_on", $"depends_on: {name} is listed twice"); continue; }
            result.Add(new Dependency(name, condition.Value, at));
        }
        return result.ToImmutable();
    }
}
