using System.Collections.Immutable;

namespace Supervice.Config.Model;

/// <summary>One `[program:NAME]` section, before instance expansion. `Instances` are its processes.</summary>
public sealed record ProgramConfig(
    string Name,
    string GroupName,
    int NumProcs,
    int Priority,
    SourceLocation Location,
    ImmutableArray<ProcessSpec> Instances);
