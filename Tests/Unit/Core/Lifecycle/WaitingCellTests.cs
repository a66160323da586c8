using L = Supervice.Core.Lifecycle.LifecycleTable;
using Supervice.Config.Model;
using Supervice.Core.Lifecycle;

namespace Supervice.Tests.Unit.Core.Lifecycle;

[TestClass]
public class WaitingCellTests
{
    private static readonly ProcessSpec Spec = new() { Name = "web", ProgramName = "web", GroupName = "web", Command = "x", Argv = ["x"] };

    private static (LifecycleState S, LifecycleActions A) Step(LifecycleState s, EventKind k, string? error = null)
        => L.Decide(s, new LifecycleEvent(k, 0, Error: error), Spec);

    [TestMethod]
    public void WaitFromEveryDownStateWaitsWithoutSpawning()
    {
        foreach (var st in new[] { ProcessState.Stopped, ProcessState.Exited, ProcessState.Fatal, ProcessState.Backoff })
        {
            var (s, a) = Step(new LifecycleState { State = st, Attempts = 2, SpawnError = "x" }, EventKind.Wait);
            Assert.AreEqual(ProcessState.Waiting, s.State, st.ToString());
            Assert.IsTrue(s.WantRunning);
            Assert.AreEqual(0, s.Attempts);
            Assert.IsFalse(a.Has(ActionKind.Spawn));
        }
    }

    [TestMethod]
    public void DependenciesMetSpawns()
    {
        var (s, a) = Step(new LifecycleState { State = ProcessState.Waiting, WantRunning = true }, EventKind.DependenciesMet);
        Assert.AreEqual(ProcessState.Starting, s.State);
        Assert.IsTrue(a.Has(ActionKind.Spawn));
    }

    [TestMethod]
    public void DependencyFailedIsFatalWithTheReason()
    {
        var (s, a) = Step(new LifecycleState { State = ProcessState.Waiting, WantRunning = true }, EventKind.DependencyFailed, "dependency db failed (FATAL)");
        Assert.AreEqual(ProcessState.Fatal, s.State);
        Assert.IsFalse(s.WantRunning);
        Assert.AreEqual("dependency db failed (FATAL)", s.DependencyError);
        Assert.AreEqual("dependency db failed (FATAL)", a.Log);
        (s, _) = Step(s, EventKind.Start);
        Assert.IsNull(s.DependencyError);
    }

    [TestMethod]
    public void StopAndHoldEndTheWait()
    {
        var waiting = new LifecycleState { State = ProcessState.Waiting, WantRunning = true };
        Assert.AreEqual(ProcessState.Stopped, Step(waiting, EventKind.Stop).S.State);
        var (held, _) = Step(waiting, EventKind.Hold);
        Assert.AreEqual(ProcessState.Stopped, held.State);
        Assert.IsTrue(held.Held);
        Assert.AreEqual(ProcessState.Stopped, Step(held, EventKind.Wait).S.State);
    }

    [TestMethod]
    public void ProcessesWithAChildIgnoreTheDependencyEvents()
    {
        foreach (var st in new[] { ProcessState.Starting, ProcessState.Running, ProcessState.Stopping, ProcessState.Unhealthy })
            foreach (var k in new[] { EventKind.Wait, EventKind.DependenciesMet, EventKind.DependencyFailed })
            {
                var before = new LifecycleState { State = st, Pid = 7, WantRunning = true };
                var (s, a) = Step(before, k);
                Assert.AreEqual(before, s, $"{st} x {k}");
                Assert.AreEqual(ActionKind.None, a.Kinds);
            }
    }
}
