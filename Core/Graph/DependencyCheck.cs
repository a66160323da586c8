using Supervice.Config.Model;
using Supervice.Core.Lifecycle;

namespace Supervice.Core.Graph;

public enum Verdict { Met, Waiting, Failed }

/// <summary>What one dependency instance looks like to its dependents: its state, its last exit, whether its last
/// health check passed, and whether it is going to run again.</summary>
public readonly record struct DependencyView(ProcessState State, ExitStatus? LastExit, bool ExpectedExit, bool Healthy, bool WantRunning);

/// <summary>Whether a condition is met, not yet met, or can never be met (README: Service dependencies and readiness), for one instance. Pure.</summary>
public static class DependencyCheck
{
    public static Verdict Evaluate(DependencyCondition condition, in DependencyView d)
    {
        if (d.State == ProcessState.Fatal) return Verdict.Failed;
        return condition switch
        {
            DependencyCondition.Started => d.State is ProcessState.Starting or ProcessState.Running or ProcessState.Unhealthy ? Verdict.Met
                : d.State == ProcessState.Exited && !d.WantRunning ? Verdict.Failed : Verdict.Waiting,
            DependencyCondition.Running => d.State is ProcessState.Running or ProcessState.Unhealthy ? Verdict.Met : Verdict.Waiting,
            DependencyCondition.Healthy => d.State == ProcessState.Running && d.Healthy ? Verdict.Met : Verdict.Waiting,
            DependencyCondition.Completed => d.State != ProcessState.Exited || d.LastExit is null ? Verdict.Waiting
                : d.ExpectedExit ? Verdict.Met : Verdict.Failed,
            _ => Verdict.Waiting,
        };
    }

    /// <summary>All instances of a dependency: failed if one failed, met if all are met.</summary>
    public static Verdict All(DependencyCondition condition, IEnumerable<DependencyView> instances)
    {
        var verdict = Verdict.Met;
        bool any = false;
        foreach (var d in instances)
        {
            any = true;
            var v = Evaluate(condition, d);
            if (v == Verdict.Failed) return Verdict.Failed;
            if (v == Verdict.Waiting) verdict = Verdict.Waiting;
        }
        return any ? verdict : Verdict.Waiting;
    }
}
