using Supervice.Config.Model;
using Supervice.Core.Graph;
using Supervice.Core.Lifecycle;

namespace Supervice.Core.Engine;

/// <summary>`depends_on` (README: Service dependencies and readiness): a start with unmet conditions becomes WAITING; a dependency's state change
/// re-evaluates only its own dependents (the graph says who), never a scan of every process.</summary>
public sealed partial class Supervisor
{
    public DependencyGraph Graph => _graph;

    private void RebuildGraph()
    {
        _graph = DependencyGraph.From(Config);
        _byProgram.Clear();
        foreach (var p in _processes.Where(p => !p.Removed))
        {
            if (!_byProgram.TryGetValue(p.Spec.ProgramName, out var list)) _byProgram[p.Spec.ProgramName] = list = new List<ManagedProcess>();
            list.Add(p);
        }
    }

    /// <summary>A Start or Restart of a down process whose conditions are not met waits for them instead.</summary>
    private LifecycleEvent WaitIfUnmet(ManagedProcess p, in LifecycleEvent e)
    {
        if (e.Kind is not (EventKind.Start or EventKind.Restart) || p.State.Held
            || p.State.State is not (ProcessState.Stopped or ProcessState.Exited or ProcessState.Fatal or ProcessState.Backoff))
            return e;
        if (_graph.DependenciesOf(p.Spec.ProgramName).Count == 0) return e;
        return Evaluate(p).Verdict == Verdict.Met ? e : e with { Kind = EventKind.Wait };
    }

    /// <summary>After a process changed state (or passed a health check): its dependents that wait are decided again.</summary>
    private void ReevaluateDependents(ManagedProcess p)
    {
        foreach (var program in _graph.DependentsOf(p.Spec.ProgramName))
            if (_byProgram.TryGetValue(program, out var instances))
                foreach (var d in instances.ToArray())
                    if (d.State.State == ProcessState.Waiting) Decide(d);
    }

    /// <summary>Every WAITING process again (reload: the edges themselves may have changed).</summary>
    private void ReevaluateAllWaiting()
    {
        foreach (var p in _processes.Where(p => p.State.State == ProcessState.Waiting).ToList()) Decide(p);
    }

    private void Decide(ManagedProcess waiting)
    {
        var (verdict, reason) = Evaluate(waiting);
        if (verdict == Verdict.Met) Dispatch(waiting, EventKind.DependenciesMet);
        else if (verdict == Verdict.Failed) Dispatch(waiting, new LifecycleEvent(EventKind.DependencyFailed, Now(), Error: reason));
    }

    private (Verdict Verdict, string? Reason) Evaluate(ManagedProcess p)
    {
        var result = Verdict.Met;
        foreach (var dep in _graph.DependenciesOf(p.Spec.ProgramName))
        {
            var instances = _byProgram.GetValueOrDefault(dep.Program) ?? [];
            var v = DependencyCheck.All(dep.Condition, instances.Select(View));
            if (v == Verdict.Failed)
            {
                var failed = instances.First(i => DependencyCheck.Evaluate(dep.Condition, View(i)) == Verdict.Failed);
                var how = failed.State.State == ProcessState.Exited && failed.State.LastExit is { } x ? x.Describe() : failed.State.State.Wire();
                return (Verdict.Failed, $"dependency {failed.Name} failed ({how})");
            }
            if (v == Verdict.Waiting) result = Verdict.Waiting;
        }
        return (result, null);
    }

    private static DependencyView View(ManagedProcess p)
    {
        var s = p.State;
        bool expected = s.LastExit is { BySignal: false } x && p.Spec.ExitCodes.Contains(x.Code);
        return new DependencyView(s.State, s.LastExit, expected, p.Health?.Healthy == true, s.WantRunning);
    }

    /// <summary>INFO of a WAITING process: `waiting for db (running), cache (healthy)`, the unmet conditions only.</summary>
    private string WaitingInfo(ManagedProcess p)
    {
        var unmet = _graph.DependenciesOf(p.Spec.ProgramName)
            .Where(d => DependencyCheck.All(d.Condition, (_byProgram.GetValueOrDefault(d.Program) ?? []).Select(View)) != Verdict.Met)
            .Select(d => $"{d.Program} ({Dependency.Name(d.Condition)})").ToList();
        return unmet.Count == 0 ? "waiting" : $"waiting for {string.Join(", ", unmet)}";
    }

    /// <summary>`ctl start web`: the targets plus every dependency (transitively) that is down with its condition
    /// unmet, dependencies first, so each one started is listed in the reply.</summary>
    public List<ManagedProcess> WithDependencies(List<ManagedProcess> targets)
    {
        var picked = new List<ManagedProcess>();
        var seen = new HashSet<ManagedProcess>();
        void Visit(ManagedProcess p)
        {
            foreach (var dep in _graph.DependenciesOf(p.Spec.ProgramName))
                foreach (var d in _byProgram.GetValueOrDefault(dep.Program) ?? [])
                {
                    if (seen.Contains(d) || !d.State.State.IsDown() || DependencyCheck.Evaluate(dep.Condition, View(d)) == Verdict.Met) continue;
                    seen.Add(d);
                    Visit(d);
                    picked.Add(d);
                }
        }
        foreach (var t in targets) { seen.Add(t); Visit(t); }
        return [.. picked.Where(p => !targets.Contains(p)), .. targets];
    }

    /// <summary>How long `ctl start` waits: this process's own start budget plus its slowest dependency chain.</summary>
    private long StartBudgetMs(ManagedProcess p, int depth = 0)
    {
        long own = (p.Spec.Readiness.Kind == ReadinessKind.StartSecs ? Math.Max(5, p.Spec.StartSecs + 5) : p.Spec.Readiness.TimeoutSecs + 5) * 1000L;
        if (depth > 64) return own;
        long deps = 0;
        foreach (var dep in _graph.DependenciesOf(p.Spec.ProgramName))
            foreach (var d in _byProgram.GetValueOrDefault(dep.Program) ?? [])
                deps = Math.Max(deps, StartBudgetMs(d, depth + 1));
        return own + deps;
    }

    /// <summary>Shutdown order: dependents before their dependencies (higher level first), then priority, descending.</summary>
    private int ShutdownLevel(ManagedProcess p) => Math.Max(0, _graph.Level(p.Spec.ProgramName));
}
