using Microsoft.Extensions.Logging;
using ZLogger;
using Supervice.Config;
using Supervice.Config.Model;
using Supervice.Core.Daemon;
using Supervice.Core.Lifecycle;

namespace Supervice.Core.Engine;

/// <summary>Reload: re-read the config off the loop, then apply the plan on it. A file with any error
/// changes nothing; only processes whose spawn-relevant fields changed are restarted.</summary>
public sealed partial class Supervisor
{
    /// <summary>What a reload did (or would do, for a dry run).</summary>
    public sealed record ReloadOutcome(bool Ok, string? Error, IReadOnlyList<string> Added, IReadOnlyList<string> Removed,
        IReadOnlyList<string> Changed, IReadOnlyList<string> Restarted, IReadOnlyList<Diagnostic> Warnings,
        bool ShuttingDown = false);

    /// <summary>Loads the config file again (the caller's thread), then applies it on the loop.</summary>
    public Task<ReloadOutcome> ReloadAsync(bool dryRun)
    {
        if (ShuttingDown) return Task.FromResult(RefusedReload());
        var done = new TaskCompletionSource<ReloadOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!dryRun) NotifySocket.Send("RELOADING=1");
        Task.Run(() =>
        {
            LoadResult result;
            try { result = ReloadLoader(Config.Path); }
            catch (Exception ex) { result = new LoadResult(null, [new Diagnostic(Config.Path, 0, Severity.Error, ex.Message)]); }
            Post(() =>
            {
                if (ShuttingDown) { done.SetResult(RefusedReload()); return; } // shutdown began while the file was read
                if (!dryRun) Reread = null;
                done.SetResult(ApplyReload(result, dryRun));
                if (!dryRun) NotifySocket.Send("READY=1");
            });
        });
        return done.Task;
    }

    /// <summary>How a reload reads the file: as the daemon did at start-up, with its environment as it is now.</summary>
    public Func<string, LoadResult> ReloadLoader { get; set; } = ConfigSource.LoadFile;

    private static ReloadOutcome RefusedReload() => new(false, ShuttingDownMessage, [], [], [], [], [], ShuttingDown: true);

    public void OnReloadSignal()
    {
        if (ShuttingDown) { _log.ZLogWarning($"received SIGHUP while shutting down; not reloading"); return; }
        _log.ZLogInformation($"received SIGHUP: reloading {Config.Path}");
        _ = ReloadAsync(dryRun: false);
    }

    private ReloadOutcome ApplyReload(LoadResult result, bool dryRun)
    {
        var warnings = result.Diagnostics.Where(d => d.Severity == Severity.Warning).ToList();
        if (!result.Ok)
        {
            var errors = result.Diagnostics.Where(d => d.Severity == Severity.Error).Select(d => d.ToString()).ToList();
            var message = errors.Count == 0 ? "the config could not be loaded" : string.Join("\n", errors);
            _log.ZLogError($"reload failed; nothing changed: {message}");
            return new ReloadOutcome(false, message, [], [], [], [], warnings);
        }
        var next = result.Model!;
        var plan = ReloadPlan.Compute(Config, next);
        var restarted = plan.NeedsRestart.Where(n => _byName.TryGetValue(n, out var p) && RestartsOnReload(p)).ToList();
        var changed = plan.ChangedLive.Concat(plan.NeedsRestart).Concat(plan.GroupChanged).Distinct().OrderBy(n => n, StringComparer.Ordinal).ToList();
        if (dryRun) return new ReloadOutcome(true, null, plan.Added, plan.Removed, changed, restarted, warnings);

        var specs = next.Processes.ToDictionary(s => s.Name, StringComparer.Ordinal);
        foreach (var name in plan.Removed) Retire(_byName[name]);
        foreach (var name in plan.ChangedLive.Concat(plan.GroupChanged).Except(plan.NeedsRestart).Distinct())
        {
            var p = _byName[name];
            var healthChanged = p.Spec.HealthCheck != specs[name].HealthCheck;
            p.Spec = specs[name];
            p.Stdout.Reconfigure(p.Spec.Stdout);
            p.Stderr.Reconfigure(p.Spec.RedirectStderr ? p.Spec.Stdout : p.Spec.Stderr);
            if (healthChanged && p.State.State is ProcessState.Running or ProcessState.Unhealthy) StartHealth(p);
        }
        foreach (var name in plan.NeedsRestart)
        {
            var p = _byName[name];
            p.Spec = specs[name];
            p.Stdout.Reconfigure(p.Spec.Stdout);
            p.Stderr.Reconfigure(p.Spec.RedirectStderr ? p.Spec.Stdout : p.Spec.Stderr);
            if (RestartsOnReload(p)) Dispatch(p, EventKind.Restart);
        }
        var groupsBefore = Config.Groups.Select(g => g.Name).ToList();
        Config = next;
        var added = plan.Added.Select(n => Add(specs[n])).ToList();
        Reorder(next);
        RebuildGraph();
        ReevaluateAllWaiting();
        RebuildPools();
        PublishGroupChanges(groupsBefore, next.Groups.Select(g => g.Name));
        foreach (var p in added.Where(p => p.Spec.AutoStart).OrderBy(p => p.Spec.Priority)) Dispatch(p, EventKind.Start);
        _log.ZLogInformation($"reload complete: added [{string.Join(", ", plan.Added)}], removed [{string.Join(", ", plan.Removed)}], changed [{string.Join(", ", changed)}], restarted [{string.Join(", ", restarted)}]");
        return new ReloadOutcome(true, null, plan.Added, plan.Removed, changed, restarted, warnings);
    }

    /// <summary>A changed spawn field restarts a process that has a child and is meant to keep running; one the user
    /// is stopping keeps stopping (its pending `ctl stop` then reports stopped) and takes the new spec on its next start.</summary>
    private static bool RestartsOnReload(ManagedProcess p)
        => p.State.State is ProcessState.Starting or ProcessState.Running or ProcessState.Unhealthy
           || (p.State.State == ProcessState.Stopping && p.State.WantRunning);

    /// <summary>Stops a process removed from the config and, once it is down, releases everything it held.</summary>
    private void Retire(ManagedProcess p)
    {
        _byName.Remove(p.Name);
        p.Removed = true;
        Dispatch(p, EventKind.Stop);
        if (!p.State.State.HasChild()) { Release(p); return; }
        p.Waiters.Add(x =>
        {
            if (x.State.State.HasChild()) return false;
            Release(x);
            return true;
        });
    }

    /// <summary>README: Security: a removed program's log fds, rings, health checks and timers go with it. Its name stays in the
    /// leftover sweep (its escapees may be reparented to us later) until a process of the same name is added.</summary>
    private void Release(ManagedProcess p)
    {
        _processes.Remove(p);
        if (_byProgram.TryGetValue(p.Spec.ProgramName, out var siblings)) siblings.Remove(p);
        StopHealth(p);
        p.Health = null;
        p.TimerGeneration++; // a timer still queued for it finds nothing to do
        p.Stdout.Dispose();
        p.Stderr.Dispose();
    }

    /// <summary>Keeps `status` in config file order; retiring processes stay at the end until they are gone.</summary>
    private void Reorder(ConfigModel model)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < model.Processes.Length; i++) index[model.Processes[i].Name] = i;
        var ordered = _processes.OrderBy(p => p.Removed ? int.MaxValue : index.GetValueOrDefault(p.Name, int.MaxValue)).ToList();
        _processes.Clear();
        _processes.AddRange(ordered);
    }
}
