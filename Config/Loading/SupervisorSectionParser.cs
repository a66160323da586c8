using System.Collections.Immutable;
using Supervice.Config.Ini;
using Supervice.Config.Model;

namespace Supervice.Config.Loading;

/// <summary>`[supervice]` (alias `[supervisord]`), `[unix_http_server]` and `[supervisorctl]` → SupervisorSettings.</summary>
internal static class SupervisorSectionParser
{
    public const int MaxSocketPathBytes = 107;
    private static readonly string[] LogLevels = ["CRITICAL", "DEBUG", "ERROR", "INFO", "WARN", "WARNING"];

    public static SupervisorSettings Parse(ConfigFiles files, LoadOptions options, Dictionary<string, object> keys, HostChecks host, List<Diagnostic> diagnostics)
    {
        var wd = options.WorkingDirectory;
        var settings = new SupervisorSettings { PidFile = Path.GetFullPath("supervice.pid", wd) };
        IniSection? main = null;
        foreach (var section in files.Sections.Where(s => s.Name is "supervice" or "supervisord"))
        {
            if (main is not null)
            {
                diagnostics.Add(new Diagnostic(section.File, section.Line, Severity.Warning,
                    $"both [{main.Name}] ({main.File}:{main.Line}) and [{section.Name}] are present; their keys are merged"));
                foreach (var v in section.Values) main.Set(v);
            }
            else main = section;
        }
        if (main is not null)
        {
            KnownKeys.Check(main, KnownKeys.Supervisor, KnownKeys.SupervisorUnsupported, diagnostics);
            var r = new SectionReader(main, files.Defaults, keys, diagnostics, "");
            settings = ReadMain(r, settings, wd, host);
        }
        var unix = files.Sections.FirstOrDefault(s => s.Name == "unix_http_server");
        if (unix is not null)
        {
            KnownKeys.Check(unix, KnownKeys.UnixHttpServer, KnownKeys.UnixHttpServerUnsupported, diagnostics);
            var r = new SectionReader(unix, files.Defaults, keys, diagnostics, "");
            var file = r.FullPath("file", wd);
            settings = settings with
            {
                Socket = settings.Socket ?? file,
                SocketMode = r.Octal("chmod") ?? settings.SocketMode,
                SocketOwner = settings.SocketOwner ?? NullIfEmpty(r.String("chown")),
            };
            if (file is not null && settings.Socket == file) CheckSocket(r, "file", file, host);
            if (settings.SocketOwner is { } chown && chown == NullIfEmpty(r.String("chown"))) CheckOwner(r, "chown", chown, host);
        }
        if (files.Sections.FirstOrDefault(s => s.Name == "inet_http_server") is { } inet)
            settings = settings with { InetHttpServer = InetHttpServerParser.Parse(inet, files, keys, diagnostics) };
        var ctl = files.Sections.FirstOrDefault(s => s.Name == "supervisorctl");
        if (ctl is not null)
        {
            KnownKeys.Check(ctl, KnownKeys.Supervisorctl, KnownKeys.SupervisorctlUnsupported, diagnostics);
            var r = new SectionReader(ctl, files.Defaults, keys, diagnostics, "");
            var url = r.String("serverurl");
            if (url is not null && url.StartsWith("unix://", StringComparison.Ordinal))
                settings = settings with { ServerUrlSocket = Path.GetFullPath(url["unix://".Length..], wd) };
            else if (!string.IsNullOrEmpty(url) && !url.StartsWith("http://", StringComparison.Ordinal))
                r.Warning("serverurl", $"[supervisorctl] serverurl '{url}' is neither unix://PATH nor http://HOST:PORT");
        }
        return settings with { AutoLogDir = settings.ChildLogDir ?? DefaultChildLogDir(settings.LogFile, wd) };
    }

    public const string DefaultChildLogDirName = "supervice-childlogs";

    /// <summary>Beside the daemon log (supervice.log in the working directory when none is configured).</summary>
    private static string DefaultChildLogDir(string? logFile, string wd)
        => Path.Combine(Path.GetDirectoryName(logFile ?? Path.GetFullPath("supervice.log", wd)) ?? wd, DefaultChildLogDirName);

    private static SupervisorSettings ReadMain(SectionReader r, SupervisorSettings s, string wd, HostChecks host)
    {
        var loglevel = r.String("loglevel") ?? s.LogLevel;
        if (loglevel.ToUpperInvariant() is "TRACE" or "BLATHER")
        {
            r.Warning("loglevel", $"loglevel '{loglevel}' is not supported by supervice; using DEBUG");
            loglevel = "DEBUG";
        }
        else if (!LogLevels.Contains(loglevel.ToUpperInvariant()))
            r.Error("loglevel", $"Invalid loglevel '{loglevel}'. Valid levels: {string.Join(", ", LogLevels)}");
        var pid = r.String("pidfile");
        string? pidFile = pid is null ? s.PidFile
            : pid.Trim().Length == 0 || pid.Trim().Equals("none", StringComparison.OrdinalIgnoreCase) ? null
            : Path.GetFullPath(pid.Trim(), wd);
        var environment = r.Environment();
        // [supervice] environment feeds %(ENV_X)s of every later value.
        foreach (var (k, v) in environment) r.Keys["ENV_" + k] = v;
        s = s with
        {
            LogFile = r.FullPath("logfile", wd),
            LogLevel = loglevel,
            PidFile = pidFile,
            Socket = r.FullPath("socket", wd),
            ShutdownTimeout = r.Int("shutdown_timeout", s.ShutdownTimeout, 1, "shutdown_timeout must be positive"),
            LogMaxBytes = r.Bytes(r.Has("log_maxbytes") ? "log_maxbytes" : "logfile_maxbytes", s.LogMaxBytes),
            LogBackups = r.Int(r.Has("log_backups") ? "log_backups" : "logfile_backups", s.LogBackups, 0, "log_backups must be non-negative"),
            StateFile = r.FullPath("state_file", wd),
            SocketMode = r.Octal("socket_mode") ?? s.SocketMode,
            SocketOwner = NullIfEmpty(r.String("socket_owner")),
            Umask = r.Octal("umask") ?? s.Umask,
            MinFds = r.Int("minfds", s.MinFds, 0),
            Environment = environment,
            ChildLogDir = r.FullPath("childlogdir", wd),
            Identifier = r.String("identifier") ?? s.Identifier,
            NoDaemon = r.Bool("nodaemon", false),
            ExitWhenDone = r.Bool("exit_when_done", false),
            Init = r.Bool("init", false),
        };
        if (s.PidFile is not null) CheckParentDir(r, "pidfile", s.PidFile, host);
        if (s.LogFile is not null) CheckParentDir(r, "logfile", s.LogFile, host);
        if (s.Socket is not null) CheckSocket(r, "socket", s.Socket, host);
        if (s.SocketOwner is not null) CheckOwner(r, "socket_owner", s.SocketOwner, host);
        if (s.ChildLogDir is not null && !Directory.Exists(s.ChildLogDir))
            r.Report(r.At("childlogdir"), host.Severity, $"childlogdir '{s.ChildLogDir}' does not exist");
        return s;
    }

    private static void CheckSocket(SectionReader r, string key, string path, HostChecks host)
    {
        if (System.Text.Encoding.UTF8.GetByteCount(path) > MaxSocketPathBytes)
            r.Error(key, $"socket path '{path}' is longer than {MaxSocketPathBytes} bytes (the limit of a unix socket address)");
        CheckParentDir(r, key, path, host);
    }

    /// <summary>`user[:group]`: both must exist here (the daemon gives the socket that owner before it listens).</summary>
    private static void CheckOwner(SectionReader r, string key, string owner, HostChecks host)
    {
        var colon = owner.IndexOf(':');
        var user = (colon < 0 ? owner : owner[..colon]).Trim();
        var group = colon < 0 ? null : owner[(colon + 1)..].Trim();
        if (user.Length == 0) r.Error(key, $"{key} '{owner}' names no user (expected user or user:group)");
        else if (!host.UserExists(user)) r.Report(r.At(key), host.Severity, $"{key} '{owner}': user '{user}' does not exist");
        if (group is not null && (group.Length == 0 || !host.GroupExists(group)))
            r.Report(r.At(key), group.Length == 0 ? Severity.Error : host.Severity, group.Length == 0 ? $"{key} '{owner}' names no group after ':'" : $"{key} '{owner}': group '{group}' does not exist");
    }

    private static void CheckParentDir(SectionReader r, string key, string path, HostChecks host)
    {
        var dir = Path.GetDirectoryName(path);
        if (dir is not null && !Directory.Exists(dir))
            r.Report(r.At(key), host.Severity, $"{(key == "file" ? "socket" : key)} directory '{dir}' does not exist");
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
