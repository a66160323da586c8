using Supervice.Config;
using Supervice.Config.Ini;

namespace Supervice.Rpc.Ctl;

/// <summary>The socket of a config file too broken for the loader: the config's own INI reader (no second scanner),
/// then `[supervisorctl] serverurl=unix://PATH`, else `[supervice]`/`[supervisord] socket=`, else
/// `[unix_http_server] file=`, with `%(here)s` expanded.</summary>
internal static class ConfigSocketScan
{
    public static string? Read(string configPath)
    {
        var sections = IniReader.Read(configPath, File.ReadAllText(configPath), new List<Diagnostic>());
        string? Value(string section, string key)
        {
            string? found = null;
            foreach (var s in sections)
                if (string.Equals(s.Name, section, StringComparison.OrdinalIgnoreCase) && s.TryGet(key, out var v) && v.Value.Length > 0)
                    found = v.Value; // a later duplicate section wins, as the loader merges them
            return found;
        }
        var url = Value("supervisorctl", "serverurl");
        var found = (url is not null && url.StartsWith("unix://", StringComparison.Ordinal) ? url[7..] : null)
            ?? Value("supervice", "socket") ?? Value("supervisord", "socket") ?? Value("unix_http_server", "file");
        if (found is null) return null;
        var here = Path.GetDirectoryName(Path.GetFullPath(configPath)) ?? ".";
        return found.Replace("%(here)s", here, StringComparison.Ordinal);
    }
}
