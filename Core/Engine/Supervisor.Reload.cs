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
        IReadOnlyList<string> Changed, IReadOnlyList<string> Restarted, IReadOnlyList<Diagnostic> Warnings);

    /// <summary>Loads the config file again (the caller's thread), then applies it on the loop.</summary>
    public Task<ReloadOutcome> ReloadAsync(bool dryRun)
    {
        var done = new TaskCompletionSource<ReloadOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!dryRun) NotifySocket.Send("RELOADING=1");
        Task.Run(() =>
        {
            LoadResult result;
            try { result = ReloadLoader(Config.Path); }
            catch (Exception ex) { result = new LoadResult(null, [new Diagnostic(Config.Path, 0, Severity.Error, ex.Message)]); }
            Post(() =>
            {
                if (!dryRun) Reread = null;
                done.SetResult(ApplyReload(result, dryRun));
                if (!dryRun) NotifySocket.Send("READY=1");
            });
        });
        return done.Task;
    }

    /// <summary>How a reload reads the file: as the daemon did at start-up, with its environment as it is now.</summary>
    public Func<string, LoadResult> ReloadLoader { get; set; } = ConfigSource.LoadFile;

    public void OnReloadSignal()
    {
        _log.ZLogInformation($"received SIGHUP: reloading {Config.Path}");
        _ = ReloadAsync(dryRun: false);
    }

    public void ReopenLogs()
    {
        _log.ZLogInformation($"received SIGUSR2: reopening log files");
        foreach (var p in _processes) { p.Stdout.Reopen(); p.Stderr.Reopen(); }
        LogsReopened?.Invoke();
    }

    public event Action? LogsReopened;

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
        var restarted = plan.NeedsRestart.Where(n => _byName.TryGetValue(n, out var p) && p.State.State.HasChild()).ToList();
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
            if (p.State.State.HasChild()) Dispatch(p, EventKind.Restart);
        }
        Config = next;
        var added = plan.Added.Select(n => Add(specs[n])).ToList();
        Reorder(next);
        foreach (var p in added.Where(p => p.Spec.AutoStart).OrderBy(p => p.Spec.Priority)) Dispatch(p, EventKind.Start);
        _log.ZLogInformation($"reload complete: added [{string.Join(", ", plan.Added)}], removed [{string.Join(", ", plan.Removed)}], changed [{string.Join(", ", changed)}], restarted [{string.Join(", ", restarted)}]");
        return new ReloadOutcome(true, null, plan.Added, plan.Removed, changed, restarted, warnings);
    }

    /// <summary>Stops a process removed from the config and forgets it once it is down.</summary>
    private void Retire(ManagedProcess p)
    {
        _byName.Remove(p.Name);
        p.Removed = true;
        Dispatch(p, EventKind.Stop);
        if (!p.State.State.HasChild()) { _processes.Remove(p); return; }
        p.Waiters.Add(x =>
        {
            if (x.State.State.HasChild()) return false;
            _processes.Remove(x);
            return true;
        });
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
