using Supervice.Config.Ini;
namespace Supervice.Config.Loading;

/// <summary>`[group:NAME]` sections: their member programs and priority, and which group each program belongs to.</summary>
internal sealed class GroupSectionParser(LoadContext context)
{
    public sealed record Group(string Name, int Priority, List<string> Programs, IniSection Section);

    public List<Group> Groups { get; } = [];
    public Dictionary<string, string> GroupOfProgram { get; } = new(StringComparer.Ordinal);

    public void Parse()
    {
        foreach (var section in context.Files.Sections.Where(s => s.Name.StartsWith("group:", StringComparison.Ordinal)))
        {
            var name = section.Name["group:".Length..];
            var prefix = $"Group '{name}': ";
            if (name.Length == 0 || name.Any(c => char.IsWhiteSpace(c) || c is '/' or ':'))
            {
                context.Diagnostics.Add(new Diagnostic(section.File, section.Line, Severity.Error,
                    $"{prefix}invalid group name (it must be non-empty and may not contain whitespace, '/' or ':')"));
                continue;
            }
            KnownKeys.Check(section, KnownKeys.Group, [], context.Diagnostics);
            var r = new SectionReader(section, context.Files.Defaults, context.BaseKeys(name, name), context.Diagnostics, prefix);
            var priority = r.Int("priority", 999);
            var programs = (r.String("programs") ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();
            if (programs.Count == 0) { r.Error("programs", "programs is required (a comma-separated list of program names)"); continue; }
            foreach (var p in programs)
            {
                if (GroupOfProgram.TryGetValue(p, out var other))
                    r.Error("programs", $"program '{p}' is already in group '{other}' (a program belongs to at most one group)");
                else GroupOfProgram[p] = name;
            }
            Groups.Add(new Group(name, priority, programs, section));
        }
    }

    /// <summary>Reports members that name no `[program:x]` (nor an ignored pool).</summary>
    public void CheckMembers(ISet<string> knownPrograms)
    {
        foreach (var g in Groups)
        {
            var unknown = g.Programs.Where(p => !knownPrograms.Contains(p)).ToList();
            if (unknown.Count == 0) continue;
            var at = g.Section.TryGet("programs", out var v) ? v.Location : g.Section.Location;
            context.Diagnostics.Add(new Diagnostic(at.File, at.Line, Severity.Error, $"Group '{g.Name}': unknown program(s): {string.Join(", ", unknown)}"));
        }
    }
}
