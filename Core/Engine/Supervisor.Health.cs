using Microsoft.Extensions.Logging;
using ZLogger;

using Supervice.Config;
using Supervice.Config.Model;
using Supervice.Core.Health;
using Supervice.Core.Lifecycle;
using Supervice.Core.Output;
using Supervice.Core.Reap;
using Supervice.Core.Spawn;

namespace Supervice.Core.Engine;

/// <summary>Health checks: scheduled on the loop's timers, run off the loop (tcp/http as async sockets, script
/// through our own spawner in its own process group), results posted back and fed to the lifecycle.</summary>
public sealed partial class Supervisor
{
    private void StartHealth(ManagedProcess p)
    {
        var spec = p.Spec.HealthCheck;
        if (spec.Type == HealthCheckType.None) return;
        StopHealth(p);
        var monitor = new HealthMonitor(spec);
        p.Health = monitor;
        After(spec.StartPeriod * 1000L, () => RunCheck(p, monitor));
    }

    private void StopHealth(ManagedProcess p)
    {
        int script = p.Health?.Stop() ?? 0;
        if (script > 0) _reaper.SignalGroup(script, Signals.SIGKILL);
    }

    private static bool Checkable(ManagedProcess p, HealthMonitor m)
        => !m.Cancelled && p.Health == m && (p.State.State is ProcessState.Running or ProcessState.Unhealthy
            || (p.State.State == ProcessState.Starting && p.Spec.Readiness.Kind == ReadinessKind.Health)); // health readiness checks while STARTING

    private void RunCheck(ManagedProcess p, HealthMonitor m)
    {
        if (!Checkable(p, m)) return;
        var spec = m.Spec;
        var check = spec.Type switch
        {
            HealthCheckType.Tcp => HealthProbes.TcpAsync(spec.Host, spec.Port, spec.Timeout),
            HealthCheckType.Http => HealthProbes.HttpAsync(spec.Url ?? "", spec.Timeout),
            _ => RunScriptCheck(p, m),
        };
        check.ContinueWith(t => Post(() => OnHealthResult(p, m, t.IsCompletedSuccessfully ? t.Result : (false, "health check error"))),
            TaskScheduler.Default);
    }

    private void OnHealthResult(ManagedProcess p, HealthMonitor m, (bool Ok, string Message) result)
    {
        if (!Checkable(p, m)) return;
        var verdict = m.Record(result.Ok, result.Message);
        if (verdict.Passed)
        {
            if (verdict.Failures > 0) _log.ZLogInformation($"{p.Name}: health check passed after {verdict.Failures} failures");
            Dispatch(p, EventKind.Healthy);
        }
        else
        {
            _log.ZLogWarning($"{p.Name}: health check failed ({verdict.Failures}/{verdict.Retries}): {result.Message}");
            if (verdict.Unhealthy)
            {
                _log.ZLogError($"{p.Name}: health check failed {verdict.Failures} times, marking as unhealthy");
                Dispatch(p, new LifecycleEvent(EventKind.Unhealthy, Now(), Error: verdict.Why));
            }
        }
        if (Checkable(p, m)) After(m.Spec.Interval * 1000L, () => RunCheck(p, m));
    }

    /// <summary>`/bin/sh -c healthcheck_command` with the program's environment, directory and user, in its own
    /// process group; stdout discarded, stderr kept for the message; the whole group is killed at the timeout.
    /// Every fd of a run (pidfd, stdout, stderr) is closed when the run ends.</summary>
    private Task<(bool, string)> RunScriptCheck(ManagedProcess p, HealthMonitor m)
    {
        var spec = p.Spec;
        var timeout = m.Spec.Timeout;
        var request = new SpawnRequest($"{spec.Name} healthcheck", ["/bin/sh", "-c", m.Spec.Command ?? "true"],
            _daemonEnv.For(Config.Supervisor, spec), spec.Directory, spec.User, spec.Umask, true, false,
            Configured: ChildEnvironment.Configured(Config.Supervisor, spec));
        var outcome = _spawner.Spawn(request);
        if (outcome.Error is not null) return Task.FromResult((false, $"Health check script error: {outcome.Error}"));

        var done = new TaskCompletionSource<(bool, string)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var stderr = new OutputSink(spec.Name, "healthcheck", new LogSpec(null));
        var discard = new OutputSink(spec.Name, "healthcheck-stdout", new LogSpec(null));
        int pid = outcome.Pid;
        bool timedOut = false, stderrClosed = false;
        ChildExit? exit = null;
        void Finish()
        {
            if (exit is not { } x || !stderrClosed || done.Task.IsCompleted) return;
            if (m.ScriptPid == pid) m.ScriptPid = 0;
            var err = System.Text.Encoding.UTF8.GetString(stderr.TailBytes(4096)).Trim();
            if (timedOut) done.TrySetResult((false, $"Health check script timed out after {timeout}s"));
            else if (x.Signal == 0 && x.ExitCode == 0) done.TrySetResult((true, "Health check script exited with code 0"));
            else done.TrySetResult((false, $"Health check script exited with code {(x.Signal > 0 ? -x.Signal : x.ExitCode)}{(err.Length > 0 ? ": " + err : "")}"));
            stderr.Dispose();
            discard.Dispose();
        }
        m.ScriptPid = pid;
        _auxiliaryExits[pid] = x => { exit = x; _reaper.SignalGroup(pid, Signals.SIGKILL); Finish(); };
        _reaper.Watch(pid, outcome.PidFd);
        _capture.Attach(outcome.StdoutFd, discard, static () => { });
        _capture.Attach(outcome.StderrFd, stderr, () => Post(() => { stderrClosed = true; Finish(); }));
        After(timeout * 1000L, () =>
        {
            if (exit is not null) return;
            timedOut = true;
            _reaper.SignalGroup(pid, Signals.SIGKILL);
        });
        return done.Task;
    }
}
