using System.Collections.Immutable;

namespace Supervice.Config.Model;

/// <summary>The `[supervice]` (alias `[supervisord]`) section, plus `[unix_http_server]` / `[supervisorctl]` mapping.
/// Paths are absolute (relative ones resolved against the daemon's working directory at load).</summary>
public sealed record SupervisorSettings
{
    public string? LogFile { get; init; }                 // null: stdout in the foreground, supervice.log when detached
    public string LogLevel { get; init; } = "INFO";
    public string? PidFile { get; init; }                 // null: disabled (`none`); default "supervice.pid" in the cwd
    public string? Socket { get; init; }                  // null: default resolution (SocketPath)
    public int SocketMode { get; init; } = Convert.ToInt32("600", 8);
    public string? SocketOwner { get; init; }             // user[:group]
    public int ShutdownTimeout { get; init; } = 30;
    public long LogMaxBytes { get; init; } = 50L * 1024 * 1024;
    public int LogBackups { get; init; } = 10;
    public string? StateFile { get; init; }               // null: derived beside the pid file
    public int Umask { get; init; } = Convert.ToInt32("022", 8);
    public int MinFds { get; init; } = 1024;
    public ImmutableArray<KeyValuePair<string, string>> Environment { get; init; } = [];
    public string? ChildLogDir { get; init; }             // `childlogdir` as configured; null: the default below
    /// <summary>Where `AUTO` log files go: childlogdir, else a private directory next to the daemon log that the
    /// daemon creates 0700 (never predictable names in /tmp, README: Security).</summary>
    public string AutoLogDir { get; init; } = "";
    public bool AutoLogDirIsDefault => ChildLogDir is null;
    public string Identifier { get; init; } = "supervice";
    public bool NoDaemon { get; init; }                   // supervisord's nodaemon=true
    public bool ExitWhenDone { get; init; }               // exit once no process is left starting, running or stopping
    public bool Init { get; init; }                       // behave as PID 1 (also automatic when the daemon is PID 1)
    public string? ServerUrlSocket { get; init; }         // [supervisorctl] serverurl=unix://PATH (read by ctl)
    public InetHttpServer? InetHttpServer { get; init; }  // [inet_http_server]: HTTP/XML-RPC over TCP too
}
