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

    /// <summary>This process's environment, for ENV_X expansion and as the base of every child's environment.</summary>
    public static ImmutableDictionary<string, string> ProcessEnvironment()
    {
        var env = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry e in System.Environment.GetEnvironmentVariables())
            env[(string)e.Key] = (string?)e.Value ?? "";
        return env.ToImmutable();
    }
}
