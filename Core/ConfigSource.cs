using System.Collections.Immutable;
using Supervice.Config;

namespace Supervice.Core;

/// <summary>Finds and loads the config for the daemon and ctl the same way check-config does.</summary>
public static class ConfigSource
{
    /// <summary>Returns null (after printing why) when no config file can be found.</summary>
    public static LoadResult? Load(string? explicitPath, bool portable, IEnumerable<KeyValuePair<string, string>>? extraEnv, out string path)
    {
        var found = ConfigDiscovery.Find(explicitPath, out var error);
        if (found is null)
        {
            CliOutput.WriteStderr(error + "\n");
            path = explicitPath ?? "";
            return null;
        }
        path = found;
        return LoadFile(found, portable, extraEnv);
    }

    /// <summary>Reload: the same file, the daemon's environment as it is now.</summary>
    public static LoadResult LoadForReload(string path) => LoadFile(path, portable: false, extraEnv: null);

    private static LoadResult LoadFile(string found, bool portable, IEnumerable<KeyValuePair<string, string>>? extraEnv)
    {
        var env = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry e in Environment.GetEnvironmentVariables())
            env[(string)e.Key] = (string?)e.Value ?? "";
        if (extraEnv is not null) foreach (var (k, v) in extraEnv) env[k] = v;
        return ConfigLoader.Load(found, new LoadOptions { Portable = portable, Environment = env.ToImmutable() });
    }
}
