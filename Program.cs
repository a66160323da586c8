// The command line, and nothing else: each verb with its options, calling into its room.
using ConsoleAppFramework;
using Supervice.Config;
using Supervice.Core.Cli;
using Supervice.Core.Daemon;
using Supervice.Core.Native.Streams;
using Supervice.Core.Spawn;
using Supervice.Rpc.Ctl;
using Supervice.Rpc.Messages;

[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

// The hidden internal verb, handled before the CLI framework: the detached daemon runs as it.
if (args.Length > 0 && args[0] == DaemonCommand.ChildVerb) return DaemonCommand.RunDetachedChild(args);
string[] topLevel = ["daemon", "check-config", "sample-config", "ctl", "-h", "--help", "--version"];
if (args.Length > 0 && Array.IndexOf(topLevel, args[0]) < 0)
    return CliOutput.Usage($"supervice: unknown command '{args[0]}'\n" +
        "usage: supervice daemon|check-config|sample-config|ctl ... (supervice --help for each)");
if (args.Length > 0 && args[0] == "ctl") {
    var rewritten = CtlArgs.Normalize(args);
    if (rewritten.Error is not null) return CliOutput.Usage(rewritten.Error);
    args = rewritten.Args;
}

if (args.Length > 0 && args[0] == "check-config") args = CheckConfigCommand.ExtractEnvArgs(args);

// Help, --version and the framework's own errors go through CliOutput, never System.Console: its first use
// starts the runtime's signal-handling thread and terminal set-up (~0.5 ms of `--help`, issue #16).
ConsoleApp.Log = static text => CliOutput.WriteStdout(text + "\n");
ConsoleApp.LogError = static text => CliOutput.WriteStderr(text + "\n");
var app = ConsoleApp.Create();
ConsoleApp.Timeout = Timeout.InfiniteTimeSpan; // the daemon handles SIGTERM itself
ConsoleApp.Version = BuildInfo.Version;
// The options every ctl verb shares, declared once (CtlArgs has moved them right after the verb).
if (args.Length > 0 && args[0] == "ctl")
    app.ConfigureGlobalOptions((ref ConsoleApp.GlobalOptionsBuilder o) => new CtlOptions(
        o.AddGlobalOption<string?>("-c|--config", "Configuration file to find the socket in."),
        o.AddGlobalOption<string?>("-s|--socket", "Socket path (wins over the config)."),
        o.AddGlobalOption<double?>("--timeout", "Seconds to wait for the daemon."),
        o.AddGlobalOption<bool>("--json", "Print JSON (tail and maintail -f: one object per line).")));
app.Add<Commands>();
app.Run(args);
return Environment.ExitCode;

/// <summary>supervice: a process supervisor.</summary>
internal sealed class Commands
{
    /// <summary>Run the supervisor daemon.</summary>
    /// <param name="config">-c, Configuration file (default: the first of ./supervice.conf, ./supervisord.conf, /etc/supervice/supervice.conf, /etc/supervice.conf, /etc/supervisord.conf, /etc/supervisor/supervisord.conf).</param>
    /// <param name="nodaemon">-n, Stay in the foreground.</param>
    /// <param name="logfile">-l, Daemon log file (overrides the config).</param>
    /// <param name="loglevel">-e, Log level: debug, info, warning, error, critical.</param>
    [Command("daemon")]
    public int Daemon(string? config = null, bool nodaemon = false, string? logfile = null, string? loglevel = null)
        => Run(() => DaemonCommand.Run(new DaemonOptions(config, nodaemon, logfile, loglevel)));

    /// <summary>Validate a configuration file without starting anything (for CI).</summary>
    /// <param name="config">-c, Configuration file (default: discovered as for the daemon).</param>
    /// <param name="json">Print the result as JSON.</param>
    /// <param name="portable">Host-dependent problems (users, directories, env files) are warnings, not errors.</param>
    /// <param name="env">KEY=VALUE supplying %(ENV_KEY)s for expansion (repeatable).</param>
    [Command("check-config")]
    public int CheckConfig(string? config = null, bool json = false, bool portable = false, string[]? env = null)
        => Run(() => CheckConfigCommand.Run(config, json, portable, env ?? []));

    /// <summary>Print an annotated example configuration.</summary>
    [Command("sample-config")]
    public int SampleConfigCmd() => Run(() => CliOutput.WriteStdout(SampleConfig.Text()));

    /// <summary>Show the state of every (or each named) process.</summary>
    /// <param name="names">Process, program, GROUP:* or all.</param>
    /// <param name="context">Carries the options every ctl verb shares (declared once, above).</param>
    /// <param name="stats">Add CPU % (CPU time over run time since the spawn, as ps) and RSS, summed over each process group.</param>
    [Command("ctl status")]
    public int Status(ConsoleAppContext context, bool stats = false, [Argument] params string[] names)
        => Run(() => CtlVerbs.Status(Ctl(context), names ?? [], stats));

    /// <summary>Start processes and wait until they are RUNNING.</summary>
    /// <param name="names">Process, program, GROUP:* or all.</param>
    /// <param name="context">Carries the options every ctl verb shares (declared once, above).</param>
    [Command("ctl start")]
    public int Start(ConsoleAppContext context, [Argument] params string[] names)
        => Run(() => CtlVerbs.Start(Ctl(context), names ?? []));

    /// <summary>Stop processes and wait until they are down.</summary>
    /// <param name="names">Process, program, GROUP:* or all.</param>
    /// <param name="context">Carries the options every ctl verb shares (declared once, above).</param>
    [Command("ctl stop")]
    public int Stop(ConsoleAppContext context, [Argument] params string[] names)
        => Run(() => CtlVerbs.Stop(Ctl(context), names ?? []));

    /// <summary>Stop then start each process.</summary>
    /// <param name="names">Process, program, GROUP:* or all.</param>
    /// <param name="force">Kill with SIGKILL instead of the stop signal.</param>
    /// <param name="context">Carries the options every ctl verb shares (declared once, above).</param>
    [Command("ctl restart")]
    public int Restart(ConsoleAppContext context, bool force = false, [Argument] params string[] names)
        => Run(() => CtlVerbs.Restart(Ctl(context), names ?? [], force));

    /// <summary>Start every process of a group.</summary>
    /// <param name="group">Group name.</param>
    /// <param name="context">Carries the options every ctl verb shares (declared once, above).</param>
    [Command("ctl startgroup")]
    public int StartGroup(ConsoleAppContext context, [Argument] string? group = null)
        => Run(() => CtlVerbs.StartGroup(Ctl(context), group));

    /// <summary>Stop every process of a group.</summary>
    /// <param name="group">Group name.</param>
    /// <param name="context">Carries the options every ctl verb shares (declared once, above).</param>
    [Command("ctl stopgroup")]
    public int StopGroup(ConsoleAppContext context, [Argument] string? group = null)
        => Run(() => CtlVerbs.StopGroup(Ctl(context), group));

    /// <summary>Send a signal to the process group of each named running process.</summary>
    /// <param name="args">SIGNAL then names: process, program, GROUP:* or all.</param>
    /// <param name="context">Carries the options every ctl verb shares (declared once, above).</param>
    [Command("ctl signal")]
    public int Signal(ConsoleAppContext context, [Argument] params string[] args)
        => Run(() => CtlVerbs.Signal(Ctl(context), args ?? []));

    /// <summary>Print the daemon's pid, or each named process's pid (0 when not running).</summary>
    /// <param name="names">Process, program, GROUP:* or all.</param>
    /// <param name="context">Carries the options every ctl verb shares (declared once, above).</param>
    [Command("ctl pid")]
    public int Pid(ConsoleAppContext context, [Argument] params string[] names)
        => Run(() => CtlVerbs.Pid(Ctl(context), names ?? []));

    /// <summary>Print the last lines of a process's output.</summary>
    /// <param name="args">NAME [stdout|stderr].</param>
    /// <param name="follow">-f, Keep printing new output until interrupted.</param>
    /// <param name="lines">-n, Number of lines (default 20).</param>
    /// <param name="context">Carries the options every ctl verb shares (declared once, above).</param>
    [Command("ctl tail")]
    public int Tail(ConsoleAppContext context, bool follow = false, int lines = 20, [Argument] params string[] args)
        => Run(() => CtlVerbs.Tail(Ctl(context), args ?? [], follow, lines));

    /// <summary>Print the last lines of the daemon's own log.</summary>
    /// <param name="follow">-f, Keep printing new lines until interrupted.</param>
    /// <param name="lines">-n, Number of lines (default 20).</param>
    /// <param name="context">Carries the options every ctl verb shares (declared once, above).</param>
    [Command("ctl maintail")]
    public int MainTail(ConsoleAppContext context, bool follow = false, int lines = 20)
        => Run(() => CtlVerbs.MainTail(Ctl(context), follow, lines));

    /// <summary>Re-read the configuration and apply the difference.</summary>
    /// <param name="dryRun">Print the plan without applying it.</param>
    /// <param name="context">Carries the options every ctl verb shares (declared once, above).</param>
    [Command("ctl reload")]
    public int Reload(ConsoleAppContext context, bool dryRun = false)
        => Run(() => CtlVerbs.Reload(Ctl(context), dryRun));

    /// <summary>Stop every process and end the daemon.</summary>
    /// <param name="context">Carries the options every ctl verb shares (declared once, above).</param>
    [Command("ctl shutdown")]
    public int Shutdown(ConsoleAppContext context)
        => Run(() => CtlVerbs.Shutdown(Ctl(context)));

    /// <summary>Print the daemon's and this client's versions.</summary>
    /// <param name="context">Carries the options every ctl verb shares (declared once, above).</param>
    [Command("ctl version")]
    public int VersionCmd(ConsoleAppContext context)
        => Run(() => CtlVerbs.Version(Ctl(context)));

    private static CtlOptions Ctl(ConsoleAppContext context) => (CtlOptions)context.GlobalOptions!;

    // ConsoleAppFramework maps a returned int to the exit code; we also set it for the top-level return.
    // No .NET stack trace ever reaches a user: anything unexpected becomes one line and exit 1.
    private static int Run(Func<int> verb)
    {
        int code;
        try { code = verb(); }
        catch (Exception ex) { CliOutput.WriteStderr($"supervice: internal error: {ex.GetType().Name}: {ex.Message}\n"); code = 1; }
        Environment.ExitCode = code;
        return code;
    }
}
