using System.Collections.Immutable;

namespace Supervice.Config.Model;

/// <summary>A whole loaded configuration: global settings, programs, groups and the expanded process instances
/// (in file order, which is also the order of `ctl status`).</summary>
public sealed record ConfigModel(
    string Path,
    SupervisorSettings Supervisor,
    ImmutableArray<ProgramConfig> Programs,
    ImmutableArray<GroupConfig> Groups,
    ImmutableArray<ProcessSpec> Processes)
{
    /// <summary>`[eventlistener:x]` / `[fcgi-program:x]` sections, named but never run.</summary>
    public ImmutableArray<IgnoredPool> IgnoredPools { get; init; } = [];
}
