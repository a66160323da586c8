using Supervice.Config.Model;
using Supervice.Core.Graph;
using Supervice.Core.Lifecycle;

namespace Supervice.Tests.Unit.Core.Graph;

[TestClass]
public class DependencyGraphTests
{
    private static DependencyGraph Build(params (string Name, string Deps)[] programs)
        => new(programs.Select(p => (p.Name, (IReadOnlyList<Dependency>)p.Deps.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => new Dependency(d, DependencyCondition.Running, default)).ToList())));

    [TestMethod]
    public void LevelsAreTopological()
    {
        var g = Build(("proxy", "app"), ("app", "db, migrate"), ("migrate", "db"), ("db", ""), ("cron", ""));
        var levels = g.Levels();
        CollectionAssert.AreEqual(new[] { "db", "cron" }, levels[0]);
        CollectionAssert.AreEqual(new[] { "migrate" }, levels[1]);
        CollectionAssert.AreEqual(new[] { "app" }, levels[2]);
        CollectionAssert.AreEqual(new[] { "proxy" }, levels[3]);
        Assert.AreEqual(3, g.Level("proxy"));
    }

    [TestMethod]
    public void DependentsAreOnlyTheDirectOnes()
    {
        var g = Build(("proxy", "app"), ("app", "db"), ("db", ""), ("other", ""));
        CollectionAssert.AreEqual(new[] { "app" }, g.DependentsOf("db").ToArray());
        Assert.AreEqual(0, g.DependentsOf("other").Count);
    }

    [TestMethod]
    public void ClosureListsDependenciesBeforeDependents()
    {
        var g = Build(("proxy", "app"), ("app", "db, migrate"), ("migrate", "db"), ("db", ""));
        CollectionAssert.AreEqual(new[] { "db", "migrate", "app" }, g.Closure("proxy"));
    }

    [TestMethod]
    public void CyclesAreClosedPathsFromTheirEarliestProgram()
    {
        var g = Build(("web", "api"), ("api", "db"), ("db", "web, cache"), ("cache", "db"), ("free", ""));
        var cycles = g.Cycles().Select(c => string.Join(" -> ", c)).ToList();
        CollectionAssert.AreEquivalent(new[] { "web -> api -> db -> web", "db -> cache -> db" }, cycles);
        Assert.AreEqual(-1, g.Level("web"));
        Assert.AreEqual(0, g.Level("free"));
    }

    private static DependencyView View(ProcessState s, int? exit = null, bool expected = false, bool healthy = false, bool want = false)
        => new(s, exit is { } c ? new ExitStatus(c, 0, false) : null, expected, healthy, want);

    [TestMethod]
    public void FatalFailsEveryCondition()
    {
        foreach (var c in Enum.GetValues<DependencyCondition>())
            Assert.AreEqual(Verdict.Failed, DependencyCheck.Evaluate(c, View(ProcessState.Fatal)), c.ToString());
    }

    [TestMethod]
    public void CompletedNeedsAnExpectedExit()
    {
        Assert.AreEqual(Verdict.Met, DependencyCheck.Evaluate(DependencyCondition.Completed, View(ProcessState.Exited, 0, expected: true)));
        Assert.AreEqual(Verdict.Failed, DependencyCheck.Evaluate(DependencyCondition.Completed, View(ProcessState.Exited, 3)));
        Assert.AreEqual(Verdict.Waiting, DependencyCheck.Evaluate(DependencyCondition.Completed, View(ProcessState.Running)));
        Assert.AreEqual(Verdict.Waiting, DependencyCheck.Evaluate(DependencyCondition.Completed, View(ProcessState.Stopped)));
    }

    [TestMethod]
    public void StartedFailsWhenItDiedForGood()
    {
        Assert.AreEqual(Verdict.Met, DependencyCheck.Evaluate(DependencyCondition.Started, View(ProcessState.Starting)));
        Assert.AreEqual(Verdict.Failed, DependencyCheck.Evaluate(DependencyCondition.Started, View(ProcessState.Exited, 1, want: false)));
        Assert.AreEqual(Verdict.Waiting, DependencyCheck.Evaluate(DependencyCondition.Started, View(ProcessState.Backoff, 1, want: true)));
    }

    [TestMethod]
    public void RunningAndHealthyWaitForReadinessAndTheCheck()
    {
        Assert.AreEqual(Verdict.Waiting, DependencyCheck.Evaluate(DependencyCondition.Running, View(ProcessState.Starting)));
        Assert.AreEqual(Verdict.Met, DependencyCheck.Evaluate(DependencyCondition.Running, View(ProcessState.Running)));
        Assert.AreEqual(Verdict.Waiting, DependencyCheck.Evaluate(DependencyCondition.Healthy, View(ProcessState.Running)));
        Assert.AreEqual(Verdict.Met, DependencyCheck.Evaluate(DependencyCondition.Healthy, View(ProcessState.Running, healthy: true)));
    }

    [TestMethod]
    public void AllInstancesMustMeetTheConditionAndOneFailureFailsAll()
    {
        Assert.AreEqual(Verdict.Waiting, DependencyCheck.All(DependencyCondition.Running, [View(ProcessState.Running), View(ProcessState.Starting)]));
        Assert.AreEqual(Verdict.Met, DependencyCheck.All(DependencyCondition.Running, [View(ProcessState.Running), View(ProcessState.Running)]));
        Assert.AreEqual(Verdict.Failed, DependencyCheck.All(DependencyCondition.Running, [View(ProcessState.Starting), View(ProcessState.Fatal)]));
    }
}
