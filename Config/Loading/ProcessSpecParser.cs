using Supervice.Config.Model;
using Supervice.Config.Loading.Services;
namespace Supervice.Config.Loading;

/// <summary>The options of one program instance → ProcessSpec, with 0.4.1's validations and messages.</summary>
internal sealed class ProcessSpecParser(LoadContext context, SectionReader r, string programName, string groupName)
{
    private static readonly string[] ReconcileValues = ["auto", "kill", "warn", "off"];

    public ProcessSpec? Parse(string processName, int processNum, int numprocs, int priority)
    {
        var wd = context.Options.WorkingDirectory;
        int errorsBefore = ErrorCount();
        var command = r.String("command");
        List<string>? argv = null;
        if (string.IsNullOrWhiteSpace(command))
        {
            if (command is not null || !r.Has("command")) r.Error("command", "missing command");
        }
        else
        {
            argv = ShellWords.Split(command, out var parseError);
            if (argv is null) r.Error("command", $"command does not parse: {parseError}");
            else if (argv.Count == 0) r.Error("command", "command is empty");
        }
        var autorestart = AutoRestartValue();
        var exitCodes = ExitCodes();
        var user = NullIfEmpty(r.String("user"));
        if (user is not null && !context.Host.UserExists(user))
            r.Report(r.At("user"), context.Host.Severity, $"user '{user}' does not exist");
        var directory = r.FullPath("directory", wd);
        if (directory is not null) CheckDirectory(directory);
        var io = new ProcessIoParser(context, r);
        var stdout = io.Log("stdout", processName, numprocs);
        var stderr = io.Log("stderr", processName, numprocs);
        if (stdout.Path is { } shared && shared == stderr.Path && !r.Bool("redirect_stderr", false)
            && !shared.StartsWith("/dev/", StringComparison.Ordinal) && !shared.StartsWith("/proc/", StringComparison.Ordinal))
            r.Warning("stderr_logfile", $"stderr_logfile is the same file as stdout_logfile ({shared}): two writers share it and rotation sizes become wrong; use redirect_stderr = true");
        var environment = io.Environment();
        var reconcile = Reconcile();
        var health = new HealthCheckParser(r).Parse(numprocs);
        var dependsOn = DependsOnParser.Parse(r);
        var readiness = ReadinessParser.Parse(r, health);
        var spec = new ProcessSpec
        {
            Name = processName,
            ProgramName = programName,
            GroupName = groupName,
            ProcessNum = processNum,
            Command = command ?? "",
            Argv = argv is null ? [] : [.. argv],
            Environment = environment,
            Directory = directory,
            User = user,
            Umask = r.Octal("umask"),
            Priority = priority,
            AutoStart = r.Bool("autostart", true),
            AutoRestart = autorestart,
            ExitCodes = exitCodes,
            StartSecs = r.Int("startsecs", 1, 0),
            StartRetries = StartRetries(),
            Backoff = Backoff(),
            StopSignal = r.Signal("stopsignal", 15),
            StopWaitSecs = r.Int("stopwaitsecs", 10, 0),
            StopAsGroup = r.Bool("stopasgroup", true),
            KillAsGroup = r.Bool("killasgroup", true),
            RedirectStderr = r.Bool("redirect_stderr", false),
            Stdout = stdout,
            Stderr = stderr,
            PdeathSig = r.Bool("pdeathsig", true),
            Essential = r.Bool("essential", false),
            StdoutEvents = r.Bool("stdout_events_enabled", false),
            StderrEvents = r.Bool("stderr_events_enabled", false),
            Reconcile = reconcile,
            HealthCheck = health,
            DependsOn = dependsOn,
            Readiness = readiness,
            Location = r.Section.Location,
        };
        return ErrorCount() > errorsBefore || argv is null || argv.Count == 0 ? null : spec;
    }

    private int StartRetries()
        => r.String("startretries")?.Trim().Equals("infinite", StringComparison.OrdinalIgnoreCase) == true ? int.MaxValue : r.Int("startretries", 3, 0);

    private BackoffSpec Backoff()
    {
        var kind = r.String("backoff")?.Trim().ToLowerInvariant();
        if (kind is not (null or "" or "linear" or "exponential"))
            r.Error("backoff", $"invalid backoff '{kind}' (expected linear or exponential)");
        double initial = Seconds("backoff_initial", 1, 0.001), multiplier = Seconds("backoff_multiplier", 2, 1);
        int max = r.Int("backoff_max", 30, 1, "backoff_max must be at least 1");
        int reset = r.Int("backoff_reset_after", 60, 0);
        return new BackoffSpec(kind == "exponential" ? BackoffKind.Exponential : BackoffKind.Linear, initial, multiplier, max, reset);
    }

    private double Seconds(string key, double fallback, double min)
    {
        var raw = r.String(key);
        if (raw is null) return fallback;
        if (double.TryParse(raw.Trim(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v) && v >= min && v <= 86400)
            return v;
        r.Error(key, $"invalid {key} '{raw}' (expected a number from {min.ToString(System.Globalization.CultureInfo.InvariantCulture)} to 86400)");
        return fallback;
    }

    private int ErrorCount() => context.Diagnostics.Count(d => d.Severity == Severity.Error);

    private AutoRestart AutoRestartValue()
    {
        var s = r.String("autorestart");
        if (s is null) return AutoRestart.True;
        if (s.Trim().Equals("unexpected", StringComparison.OrdinalIgnoreCase)) return AutoRestart.Unexpected;
        var b = ValueParser.Bool(s);
        if (b is null) r.Error("autorestart", $"invalid autorestart '{s}' (expected true, false or unexpected)");
        return b == false ? AutoRestart.False : AutoRestart.True;
    }

    private System.Collections.Immutable.ImmutableArray<int> ExitCodes()
    {
        var s = r.String("exitcodes");
        if (s is null) return [0];
        var codes = new List<int>();
        foreach (var part in s.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (ValueParser.Int(part) is int n and >= 0 and <= 255) codes.Add(n);
            else { r.Error("exitcodes", $"invalid exitcodes '{s}' (expected a comma-separated list of numbers 0-255)"); return [0]; }
        }
        return [.. codes];
    }

    private ReconcilePolicy Reconcile()
    {
        var raw = r.String("reconcile");
        if (raw is null) return ReconcilePolicy.Auto;
        switch (raw.Trim().ToLowerInvariant())
        {
            case "auto": return ReconcilePolicy.Auto;
            case "kill": return ReconcilePolicy.Kill;
            case "warn": return ReconcilePolicy.Warn;
            case "off": return ReconcilePolicy.Off;
            default:
                r.Error("reconcile", $"invalid reconcile '{raw}' (expected one of: {string.Join(", ", ReconcileValues)})");
                return ReconcilePolicy.Auto;
        }
    }

    private void CheckDirectory(string directory)
    {
        string? problem = File.Exists(directory) ? $"'{directory}' is not a directory"
            : !Directory.Exists(directory) ? $"directory '{directory}' does not exist" : null;
        if (problem is not null) r.Report(r.At("directory"), context.Host.Severity, problem);
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
