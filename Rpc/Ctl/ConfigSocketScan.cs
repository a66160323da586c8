namespace Supervice.Rpc.Ctl;

/// <summary>Stand-in until ctl is wired to the config loader: finds the socket in a supervisord-style file
/// ([supervisorctl] serverurl=unix://PATH, else [supervice]/[supervisord] socket=, else [unix_http_server] file=).</summary>
internal static class ConfigSocketScan
{
    public static string? Read(string configPath)
    {
        string? section = null, serverUrl = null, socket = null, httpFile = null;
        foreach (var raw in File.ReadLines(configPath))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is ';' or '#') continue;
            if (line[0] == '[' && line.EndsWith(']')) { section = line[1..^1].Trim().ToLowerInvariant(); continue; }
            int eq = line.IndexOfAny(['=', ':']);
            if (eq <= 0) continue;
            var key = line[..eq].Trim().ToLowerInvariant();
            var value = StripComment(line[(eq + 1)..]).Trim();
            if (value.Length == 0) continue;
            if (section == "supervisorctl" && key == "serverurl" && value.StartsWith("unix://", StringComparison.Ordinal)) serverUrl = value[7..];
            else if (section is "supervice" or "supervisord" && key == "socket") socket = value;
            else if (section == "unix_http_server" && key == "file") httpFile = value;
        }
        var found = serverUrl ?? socket ?? httpFile;
        if (found is null) return null;
        var here = Path.GetDirectoryName(Path.GetFullPath(configPath)) ?? ".";
        return found.Replace("%(here)s", here, StringComparison.Ordinal);
    }

    private static string StripComment(string value)
    {
        int i = value.IndexOf(" ;", StringComparison.Ordinal);
        return i >= 0 ? value[..i] : value;
    }
}
