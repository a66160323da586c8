namespace Supervice.Config;

/// <summary>Where the config is when `-c` is absent: the first existing file of a fixed list (README, "Configuration").</summary>
public static class ConfigDiscovery
{
    public static readonly string[] Candidates =
    [
        "./supervice.conf", "./supervisord.conf", "/etc/supervice/supervice.conf", "/etc/supervice.conf",
        "/etc/supervisord.conf", "/etc/supervisor/supervisord.conf",
    ];

    /// <summary>`explicitPath` (from -c) when given, else the first candidate that exists in the current directory;
    /// null with `error` naming every path tried when none does.</summary>
    public static string? Find(string? explicitPath, out string? error)
    {
        error = null;
        return explicitPath ?? Discover(Directory.GetCurrentDirectory(), File.Exists, out error);
    }

    public static string? Discover(string workingDirectory, Func<string, bool> exists, out string? error)
    {
        error = null;
        foreach (var c in Candidates)
        {
            var full = Path.GetFullPath(c, workingDirectory);
            if (exists(full)) return full;
        }
        error = "no configuration file found; tried: " + string.Join(", ", Candidates.Select(c => Path.GetFullPath(c, workingDirectory)))
              + " (use -c FILE)";
        return null;
    }
}
