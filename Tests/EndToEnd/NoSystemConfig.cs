namespace Supervice.Tests.EndToEnd;

/// <summary>Runs the binary as on a host without a system-wide config. Debian's `supervisor` package (installed for
/// the supervisorctl tests) puts one at /etc/supervisor/supervisord.conf; as root, a private mount namespace with an
/// empty tmpfs over /etc/supervisor hides it from that one process and nothing else.</summary>
public static class NoSystemConfig
{
    private static readonly string[] Files = ["/etc/supervice/supervice.conf", "/etc/supervice.conf", "/etc/supervisord.conf"];
    private const string DebianDir = "/etc/supervisor";

    /// <summary>Why this host cannot hide its system config (null: it can, or has none).</summary>
    public static string? Unless()
    {
        if (Files.Any(File.Exists)) return $"this host has a system-wide config ({Files.First(File.Exists)}), so discovery finds it (ConfigDiscoveryTests cover the rule)";
        if (!File.Exists(DebianDir + "/supervisord.conf")) return null;
        if (Environment.UserName != "root" || !File.Exists("/usr/bin/unshare")) return $"{DebianDir}/supervisord.conf exists and hiding it needs root and unshare";
        return null;
    }

    public static Bin.Result Run(string cwd, params string[] args)
    {
        if (!File.Exists(DebianDir + "/supervisord.conf")) return Bin.RunIn(cwd, null, args);
        var script = $"mount -t tmpfs none {DebianDir} && exec \"$0\" \"$@\"";
        return Bin.RunWith("/usr/bin/unshare", cwd, ["--mount", "--propagation", "private", "/bin/sh", "-c", script, Bin.Path, .. args]);
    }
}
