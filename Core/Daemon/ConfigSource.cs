using Supervice.Config;
using Supervice.Core.Native.Streams;

namespace Supervice.Core.Daemon;

/// <summary>Finds and loads the config for the daemon the same way check-config does.</summary>
public static class ConfigSource
{
    /// <summary>Returns null (after printing why) when no config file can be found.</summary>
    public static LoadResult? Load(string? explicitPath, out string path)
    {
        var found = ConfigDiscovery.Find(explicitPath, out var error);
        if (found is null)
        {
            CliOutput.WriteStderr(error + "\n");
            path = explicitPath ?? "";
            return null;
        }
        path = found;
        return Read(found);
    }

    /// <summary>Reload: the same file, the daemon's environment as it is now; a directory for AUTO logs that is not
    /// fit (see <see cref="ChildLogDir"/>) is an error of the reload, which then changes nothing.</summary>
    public static LoadResult LoadFile(string path)
    {
        var result = Read(path);
        if (!result.Ok || ChildLogDir.Ensure(result.Model!) is not { } error) return result;
        return new LoadResult(null, result.Diagnostics.Add(new Diagnostic(result.Model!.Path, 0, Severity.Error, error)));
    }

    private static LoadResult Read(string path) => ConfigLoader.Load(path, new LoadOptions { Environment = LoadOptions.ProcessEnvironment() });
}
