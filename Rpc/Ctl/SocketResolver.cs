using Supervice.Config;
using Supervice.Core.Native;

namespace Supervice.Rpc.Ctl;

/// <summary>Which socket `ctl` talks to: `-s` wins; else the socket of `-c`'s config; else of the discovered
/// config; else the default resolution (README, "ctl"): $XDG_RUNTIME_DIR/supervice.sock, /run/supervice.sock for
/// root, ~/.supervice.sock — never /tmp.</summary>
public static class SocketResolver
{
    /// <summary>Reads a config file's socket setting (null: none set) with the daemon's own loader, so expansion
    /// (`%(here)s`, `%(ENV_X)s`) and includes mean the same; a file too broken to load falls back to a plain scan.</summary>
    public static Func<string, string?> SocketFromConfig { get; set; } = ReadWithLoader;

    private static string? ReadWithLoader(string path)
    {
        var model = ConfigLoader.Load(path, new LoadOptions { Portable = true, Environment = LoadOptions.ProcessEnvironment() }).Model;
        return model is null ? ConfigSocketScan.Read(path) : model.Supervisor.ServerUrlSocket ?? model.Supervisor.Socket;
    }

    public readonly record struct Resolved(string? Path, string? Error);

    public static Resolved Resolve(string? explicitSocket, string? configPath)
    {
        if (!string.IsNullOrEmpty(explicitSocket)) return new(explicitSocket, null);
        if (configPath is not null)
        {
            if (!File.Exists(configPath)) return new(null, $"supervice ctl: config file not found: {configPath}");
            return new(FromConfig(configPath) ?? DefaultPath(), null);
        }
        var discovered = ConfigDiscovery.Find(null, out _);
        return new((discovered is null ? null : FromConfig(discovered)) ?? DefaultPath(), null);
    }

    private static string? FromConfig(string path)
    {
        try { return SocketFromConfig(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }

    public static string DefaultPath()
    {
        var xdg = Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR");
        if (!string.IsNullOrEmpty(xdg) && Directory.Exists(xdg)) return Path.Combine(xdg, "supervice.sock");
        if (Libc.geteuid() == 0 && Directory.Exists("/run")) return "/run/supervice.sock";
        var home = Environment.GetEnvironmentVariable("HOME");
        if (string.IsNullOrEmpty(home)) home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return Path.Combine(home, ".supervice.sock");
    }
}
