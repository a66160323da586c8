using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Supervice.Config;
using Supervice.Core.Lifecycle;
using ZLogger;

namespace Supervice.Core;

/// <summary>`supervice daemon`: load the config, detach unless -n, run the supervisor until shutdown.</summary>
public static class DaemonCommand
{
    public const string ChildVerb = "__daemon-child";

    public static int Run(DaemonOptions options)
    {
        var loaded = ConfigSource.Load(options.Config, portable: false, extraEnv: null, out var path);
        if (loaded is null) return 2;
        foreach (var d in loaded.Diagnostics) CliOutput.WriteStderr(d + "\n");
        if (!loaded.Ok)
        {
            CliOutput.WriteStderr($"supervice: config '{path}' has errors; nothing started\n");
            return 1;
        }
        var level = DaemonLog.ParseLevel(options.LogLevel ?? loaded.Model!.Supervisor.LogLevel);
        if (level is null)
        {
            CliOutput.WriteStderr($"supervice: invalid log level '{options.LogLevel}' (expected debug, info, warning, error or critical)\n");
            return 2;
        }
        return RunForeground(loaded.Model!, options, level.Value);
    }

    public static int RunDetachedChild(string[] args) => 1;

    private static int RunForeground(ConfigModel model, DaemonOptions options, LogLevel level)
    {
        var settings = model.Supervisor;
        var logFile = options.LogFile ?? settings.LogFile;
        var sink = new OutputSink("supervice", "log", new LogSpec(logFile, settings.LogMaxBytes, settings.LogBackups));
        using var log = new DaemonLog(new LogTee(logFile is null ? CliOutput.Stdout : null, sink), level);
        var logger = log.Logger;
        logger.ZLogInformation($"supervice {BuildInfo.Version} starting (pid {Environment.ProcessId}, config {model.Path})");

        using var supervisor = new Supervisor(model, logger, CurrentEnvironment());
        using var signals = RegisterSignals(supervisor);
        supervisor.Post(supervisor.StartAutostart);
        supervisor.Run();
        logger.ZLogInformation($"supervice stopped");
        return 0;
    }

    private static Dictionary<string, string> CurrentEnvironment()
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry e in Environment.GetEnvironmentVariables())
            env[(string)e.Key] = (string?)e.Value ?? "";
        return env;
    }

    private sealed class SignalSet(List<PosixSignalRegistration> regs) : IDisposable
    {
        public void Dispose() { foreach (var r in regs) r.Dispose(); }
    }

    private static SignalSet RegisterSignals(Supervisor supervisor)
    {
        var regs = new List<PosixSignalRegistration>();
        void On(int sig, Action<Supervisor> act)
        {
            Signals.ResetToDefault(sig); // a shell may have left it ignored (nohup, `&`); registration would then do nothing
            regs.Add(PosixSignalRegistration.Create(ToPosix(sig), ctx => { ctx.Cancel = true; supervisor.Post(() => act(supervisor)); }));
        }
        On(SignalNames.SIGTERM, s => s.BeginShutdown("received SIGTERM"));
        On(SignalNames.SIGINT, s => s.BeginShutdown("received SIGINT"));
        On(SignalNames.SIGHUP, s => s.OnReloadSignal());
        On(SignalNames.SIGUSR2, s => s.ReopenLogs());
        Signals.IgnorePipe();
        return new SignalSet(regs);
    }

    // PosixSignal has its own negative numbering for the common signals; raw numbers work for the rest.
    private static PosixSignal ToPosix(int sig) => sig switch
    {
        SignalNames.SIGTERM => PosixSignal.SIGTERM,
        SignalNames.SIGINT => PosixSignal.SIGINT,
        SignalNames.SIGHUP => PosixSignal.SIGHUP,
        _ => (PosixSignal)sig,
    };
}
