using System.Runtime.InteropServices;

using Supervice.Core.Engine;
using Supervice.Core.Lifecycle;
using Supervice.Core.Reap;
using Supervice.Config;

namespace Supervice.Core.Daemon;

/// <summary>SIGTERM/SIGINT/SIGQUIT → shutdown, SIGHUP → reload, SIGUSR2 → reopen logs, SIGPIPE ignored. Handlers only
/// post to the loop.</summary>
public sealed class DaemonSignals : IDisposable
{
    private readonly List<PosixSignalRegistration> _registrations = new();

    public static DaemonSignals Register(Supervisor supervisor)
    {
        var set = new DaemonSignals();
        set.On(Signals.SIGTERM, supervisor, s => s.BeginShutdown("received SIGTERM"));
        // SIGINT (Ctrl-C) and SIGQUIT (s6-overlay's, and a common docker STOPSIGNAL) come through TerminalSignals.
        if (!TerminalSignals.Listen(sig => supervisor.Post(() => supervisor.BeginShutdown(sig == Signals.SIGINT ? "received SIGINT" : "received SIGQUIT"))))
        {
            set.On(Signals.SIGINT, supervisor, s => s.BeginShutdown("received SIGINT"));
            set.On(Signals.SIGQUIT, supervisor, s => s.BeginShutdown("received SIGQUIT"));
        }
        set.On(Signals.SIGHUP, supervisor, s => s.OnReloadSignal());
        set.On(Signals.SIGUSR2, supervisor, s => s.ReopenLogs());
        ProcessSignals.Ignore(Signals.SIGPIPE); // a closed client must not kill the daemon; children get the default back at spawn
        return set;
    }

    private void On(int sig, Supervisor supervisor, Action<Supervisor> act)
    {
        ProcessSignals.ResetToDefault(sig); // a shell may have left it ignored (nohup, `&`); registration would then do nothing
        _registrations.Add(PosixSignalRegistration.Create(ToPosix(sig), ctx =>
        {
            ctx.Cancel = true;
            supervisor.Post(() => act(supervisor));
        }));
    }

    // PosixSignal uses its own negative numbers for the common signals; raw numbers work for the rest.
    private static PosixSignal ToPosix(int sig) => sig switch
    {
        Signals.SIGTERM => PosixSignal.SIGTERM,
        Signals.SIGINT => PosixSignal.SIGINT,
        Signals.SIGHUP => PosixSignal.SIGHUP,
        _ => (PosixSignal)sig,
    };

    public void Dispose() { foreach (var r in _registrations) r.Dispose(); }
}
