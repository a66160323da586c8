using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using ZLogger;
using Supervice.Config;
using Supervice.Config.Model;
using Supervice.Core.Engine;
using Supervice.Core.Native;
using Supervice.Core.Native.Streams;
using Supervice.Core.Native.Processes;
using Supervice.Core.Output;
using Supervice.Core.Reconcile;
using Supervice.Rpc.Ctl;
using Supervice.Rpc.Messages;
using Supervice.Rpc.Server;
using Supervice.Core.Backend;

namespace Supervice.Core.Daemon;

/// <summary>The daemon's life in the order of README: The daemon: log → pid file lock → socket (both before any child
/// exists) → reconcile → autostart in priority order → ready → loop → shutdown → remove the socket, record state, release the pid file.</summary>
public static class DaemonRuntime
{
    public static int Serve(ConfigModel model, DaemonOptions options, LogLevel level, Readiness readiness, bool foreground)
    {
        var settings = model.Supervisor;
        Libc.umask(settings.Umask);
        var logFile = options.LogFile ?? settings.LogFile;
        var logSink = new OutputSink("supervice", "log", new LogSpec(logFile, settings.LogMaxBytes, settings.LogBackups));
        // Before the first line: a log path that is a symlink or a FIFO is refused here, with its name, not left to hang or leak.
        if (logSink.OpenLog() is { } logError)
        {
            CliOutput.WriteStderr($"supervice: cannot use log file: {logError}\n");
            readiness.Failed($"cannot use log file: {logError}");
            logSink.Dispose();
            return 1;
        }
        using var log = new DaemonLog(new LogTee(foreground && logFile is null ? CliOutput.Stdout : null, logSink), level);
        var logger = log.Logger;
        logger.ZLogInformation($"supervice {BuildInfo.Version} starting (pid {Environment.ProcessId}, config {model.Path})");

        if (FileLimit.Ensure(settings.MinFds) is { } fdWarning) logger.ZLogWarning($"{fdWarning}");
        if (Environment.ProcessId == 1 || settings.Init)
            logger.ZLogInformation($"running as init{(Environment.ProcessId == 1 ? " (PID 1)" : "")}: every orphan is reaped; SIGTERM, SIGINT and SIGQUIT shut down and the exit status is the daemon's, not the signal's");

        int Fail(string message)
        {
            logger.ZLogCritical($"{message}");
            if (foreground) CliOutput.WriteStderr($"supervice: {message}\n");
            readiness.Failed(message);
            return 1;
        }

        if (ChildLogDir.Ensure(model) is { } dirError) return Fail(dirError);
        var socketOwner = SocketOwner.Resolve(settings.SocketOwner, out var ownerError);
        if (ownerError is not null) return Fail(ownerError);

        PidFile? pidFile = null;
        if (settings.PidFile is { } pidPath)
        {
            pidFile = PidFile.Acquire(pidPath, out var pidError);
            if (pidFile is null) return Fail(pidError!);
        }
        using var pidGuard = pidFile;

        var socketPath = settings.Socket ?? SocketResolver.DefaultPath();
        using var supervisor = new Supervisor(model, logger, LoadOptions.ProcessEnvironment());
        var backend = new SupervisorBackend(supervisor, logSink);
        var server = new RpcServer(socketPath, settings.SocketMode, backend, new RpcServerOptions
        {
            AllowedGid = SocketOwner.AllowedGid(settings.SocketOwner),
            SocketOwner = socketOwner,
            Inet = settings.InetHttpServer,
            Schedule = (after, action) => supervisor.Schedule((long)after.TotalMilliseconds, action),
            Log = (warn, message) => { if (warn) logger.ZLogWarning($"{message}"); else logger.ZLogDebug($"{message}"); },
        });
        try { server.Start(); }
        catch (RpcServerException ex) { return Fail(ex.Message); }
        using var serverGuard = server;
        logger.ZLogInformation($"listening on {socketPath}");
        if (server.TcpEndPoint is { } tcp) logger.ZLogInformation($"listening on http://{tcp} ([inet_http_server]{(settings.InetHttpServer!.Username is null ? "" : ", Basic auth")})");

        supervisor.LogsReopened += logSink.Reopen;
        // Reconcile only now: the pid lock and the bound socket prove no sibling daemon owns these orphans.
        var recorder = new StateRecorder(supervisor, StateFile.PathFor(settings, Environment.CurrentDirectory), logger);
        var records = StateFile.Read(recorder.Path, out var stateWarning);
        if (stateWarning is not null) logger.ZLogWarning($"{stateWarning}");
        using var signals = DaemonSignals.Register(supervisor);
        supervisor.Post(() =>
        {
            var killed = new List<int>();
            recorder.Carry(Reconciler.Run(records, supervisor, logger, killed));
            if (killed.Count == 0) { StartAndReport(supervisor, readiness); return; }
            // Autostart waits (bounded) for killed orphans to be gone: the old web server may still hold the port.
            Task.Run(() =>
            {
                var deadline = DateTime.UtcNow.AddMilliseconds(Reconciler.KillBoundMs + OrphanExitGraceMs);
                foreach (var pid in killed) ProcessExit.Wait(pid, Max(deadline - DateTime.UtcNow, TimeSpan.Zero));
                supervisor.Post(() => StartAndReport(supervisor, readiness));
            });
        });
        supervisor.Run();
        // The socket goes first, so no client reaches a daemon whose state and pid file are half gone; STOPPING=1
        // went out when shutdown began (Supervisor.BeginShutdown).
        server.Dispose();
        recorder.Close();
        pidFile?.Dispose();
        logger.ZLogInformation($"supervice stopped{(supervisor.ExitCode != 0 ? $" (exit status {supervisor.ExitCode})" : "")}");
        return supervisor.ExitCode;
    }

    private const int OrphanExitGraceMs = 1000;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static void StartAndReport(Supervisor supervisor, Readiness readiness)
    {
        supervisor.StartAutostart();
        readiness.Ready(Environment.ProcessId);
        // Start-up garbage (config text, parse trees) would otherwise sit in committed memory for the daemon's life.
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }

}
