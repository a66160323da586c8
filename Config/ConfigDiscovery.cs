namespace Supervice.Config;

/// <summary>Where the config is when `-c` is absent: the first existing file of a fixed list.</summary>
public static class ConfigDiscovery
{
    public static readonly string[] Candidates =
    [
        "./supervice.conf", "./supervisord.conf", "/etc/supervice/supervice.conf", "/etc/supervice.conf",
        "/etc/supervisord.conf", "/etc/supervisor/supervisord.conf",
    ];

    /// <summary>The absolute path of the first candidate that exists, or null with `error` naming every path tried.</summary>
    public static string? Find(string workingDirectory, out string? error, Func<string, bool>? exists = null)
    {
        exists ??= File.Exists;
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
