using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Supervice.Config;
using Supervice.Config.Model;
using Supervice.Core.Daemon;
using Supervice.Core.Engine;
using Supervice.Core.Native.Streams;

namespace Supervice.Core.Cli;

/// <summary>`supervice daemon`: load and validate the config (errors: exit 1, nothing started), then either
/// serve in the foreground (-n) or detach: re-execute ourselves in a new session and wait for it to report
/// that it is ready (exit 0) or why it failed (exit 1).</summary>
public static class DaemonCommand
{
    public const string ChildVerb = Detacher.ChildVerb;

    public static int Run(DaemonOptions options)
    {
        // In the foreground SIGINT/SIGQUIT must be a shutdown: that takes one re-exec (see TerminalSignals), done before
        // the config is read when -n says so, so its warnings print once.
        if (options.NoDaemon) TerminalSignals.EnsureBlocked();
        var prepared = Prepare(options, out var exitCode);
        if (prepared is null) return exitCode;
        var (model, level, warnings) = prepared.Value;
        if (options.NoDaemon || model.Supervisor.NoDaemon)
        {
            // nodaemon = true in the file: re-executes now (no-op after -n); the new image reads the file again and
            // prints its warnings, so this one prints them only when it carries on.
            TerminalSignals.EnsureBlocked();
            Print(warnings);
            return DaemonRuntime.Serve(model, options, level, new Daemon.Readiness(-1), foreground: true);
        }
        Print(warnings);
        if (options.LogFile is null && model.Supervisor.LogFile is null)
            CliOutput.WriteStderr("Warning: no logfile configured, using 'supervice.log'\n");
        return Detacher.Launch(options, model.Path);
    }

    /// <summary>The detached daemon, started by <see cref="Detacher"/> with the ready pipe on fd 3.</summary>
    public static int RunDetachedChild(string[] args)
    {
        TerminalSignals.EnsureBlocked(); // before the readiness pipe is touched: the re-executed child inherits it
        var options = Detacher.ParseChildArgs(args);
        var readiness = new Daemon.Readiness(Daemon.Readiness.PipeFd);
        var prepared = Prepare(options, out var exitCode);
        if (prepared is null) { readiness.Failed("the config could not be loaded"); return exitCode; }
        var (model, level, warnings) = prepared.Value;
        Print(warnings);
        return DaemonRuntime.Serve(model, options with { LogFile = options.LogFile ?? model.Supervisor.LogFile ?? Path.GetFullPath("supervice.log") },
            level, readiness, foreground: false);
    }

    private static void Print(ImmutableArray<Diagnostic> diagnostics)
    {
        foreach (var d in diagnostics) CliOutput.WriteStderr(d + "\n");
    }

    /// <summary>The loaded config and log level, with the warnings still to print; null (errors printed) when it cannot run.</summary>
    private static (ConfigModel, LogLevel, ImmutableArray<Diagnostic>)? Prepare(DaemonOptions options, out int exitCode)
    {
        exitCode = 0;
        var loaded = ConfigSource.Load(options.Config, out var path);
        if (loaded is null) { exitCode = 2; return null; }
        if (!loaded.Ok)
        {
            Print(loaded.Diagnostics);
            CliOutput.WriteStderr($"supervice: config '{path}' has errors; nothing started\n");
            exitCode = 1;
            return null;
        }
        var level = DaemonLog.ParseLevel(options.LogLevel ?? loaded.Model!.Supervisor.LogLevel);
        if (level is null)
        {
            Print(loaded.Diagnostics);
            CliOutput.WriteStderr($"supervice: invalid log level '{options.LogLevel}' (expected debug, info, warning, error or critical)\n");
            exitCode = 2;
            return null;
        }
        return (loaded.Model!, level.Value, loaded.Diagnostics);
    }
}
