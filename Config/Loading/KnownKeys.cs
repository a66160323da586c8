using Supervice.Config.Ini;
namespace Supervice.Config.Loading;

/// <summary>The keys each section understands, the supervisord keys we accept but ignore, and the
/// unknown-key warning with a "did you mean" suggestion.</summary>
internal static class KnownKeys
{
    public static readonly HashSet<string> Supervisor =
    [
        "logfile", "loglevel", "pidfile", "socket", "shutdown_timeout", "log_maxbytes", "log_backups", "state_file",
        "socket_mode", "socket_owner", "umask", "minfds", "environment", "childlogdir", "identifier",
        "logfile_maxbytes", "logfile_backups", "nodaemon", "exit_when_done", "init",
    ];

    public static readonly HashSet<string> SupervisorUnsupported = ["silent", "minprocs", "nocleanup", "user", "directory", "strip_ansi"];

    public static readonly HashSet<string> Program =
    [
        "command", "process_name", "numprocs", "numprocs_start", "priority", "autostart", "autorestart", "startsecs",
        "startretries", "exitcodes", "stopsignal", "stopwaitsecs", "stopasgroup", "killasgroup", "user", "redirect_stderr",
        "stdout_logfile", "stdout_logfile_maxbytes", "stdout_logfile_backups",
        "stderr_logfile", "stderr_logfile_maxbytes", "stderr_logfile_backups",
        "environment", "env_file", "directory", "umask", "pdeathsig", "reconcile",
        "healthcheck_type", "healthcheck_interval", "healthcheck_timeout", "healthcheck_retries", "healthcheck_start_period",
        "healthcheck_port", "healthcheck_host", "healthcheck_command", "healthcheck_url", "depends_on",
        "essential", "stdout_log_timestamps", "stderr_log_timestamps", "stdout_events_enabled", "stderr_events_enabled",
        "readiness", "ready_timeout", "watchdog_sec",
        "backoff", "backoff_initial", "backoff_multiplier", "backoff_max", "backoff_reset_after",
    ];

    public static readonly HashSet<string> EventListener = [.. Program, "events", "buffer_size", "result_handler"];

    public static readonly HashSet<string> ProgramUnsupported =
    [
        "stdout_capture_maxbytes", "stdout_syslog",
        "stderr_capture_maxbytes", "stderr_syslog", "serverurl",
    ];

    public static readonly HashSet<string> Group = ["programs", "priority"];
    public static readonly HashSet<string> Include = ["files"];
    public static readonly HashSet<string> UnixHttpServer = ["file", "chmod", "chown"];
    public static readonly HashSet<string> UnixHttpServerUnsupported = ["username", "password"];
    public static readonly HashSet<string> Supervisorctl = ["serverurl", "username", "password", "prompt", "history_file"];  // supervisorctl's own keys
    public static readonly HashSet<string> InetHttpServer = ["port", "username", "password"];
    public static readonly HashSet<string> SupervisorctlUnsupported = [];

    /// <summary>Warns about every key of `section` that is not in `known`: "not supported by supervice" for
    /// supervisord keys we ignore, else "unknown key" with the closest known key when one is close.</summary>
    public static void Check(IniSection section, HashSet<string> known, HashSet<string> unsupported, List<Diagnostic> diagnostics)
    {
        foreach (var v in section.Values)
        {
            if (known.Contains(v.Key)) continue;
            if (unsupported.Contains(v.Key))
            {
                diagnostics.Add(new Diagnostic(v.File, v.Line, Severity.Warning, $"[{section.Name}] {v.Key} is not supported by supervice (ignored)"));
                continue;
            }
            var suggestion = Suggest(v.Key, known);
            diagnostics.Add(new Diagnostic(v.File, v.Line, Severity.Warning,
                $"unknown key '{v.Key}' in [{section.Name}] (ignored)" + (suggestion is null ? "" : $"; did you mean '{suggestion}'?")));
        }
    }

    public static string? Suggest(string key, IEnumerable<string> candidates)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (var c in candidates)
        {
            int d = Levenshtein(key, c);
            if (d < bestDistance) { best = c; bestDistance = d; }
        }
        return best is not null && bestDistance <= Math.Max(2, key.Length / 3) ? best : null;
    }

    public static int Levenshtein(string a, string b)
    {
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) prev[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (int j = 1; j <= b.Length; j++)
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (prev, cur) = (cur, prev);
        }
        return prev[b.Length];
    }
}
