using System.Collections.Immutable;

namespace Supervice.Config;

/// <summary>How to load: Portable turns host-dependent checks into warnings; Environment supplies ENV_X
/// (the daemon passes its own environment; check-config adds --env values); WorkingDirectory resolves relative paths.</summary>
public sealed record LoadOptions
{
    public bool Portable { get; init; }
    public ImmutableDictionary<string, string> Environment { get; init; } = ImmutableDictionary<string, string>.Empty;
    public string WorkingDirectory { get; init; } = System.IO.Directory.GetCurrentDirectory();
    public string HostNodeName { get; init; } = System.Net.Dns.GetHostName();
}
