using L = Supervice.Core.Lifecycle.LifecycleTable;
using Supervice.Config.Model;
using Supervice.Core.Lifecycle;

namespace Supervice.Tests.Unit.Core.Lifecycle;

[TestClass]
public class ReadinessCellTests
{
    private static ProcessSpec Spec(ReadinessKind kind, int retries = 3) => new()
    {
        Name = "web", ProgramName = "web", GroupName = "web", Command = "x", Argv = ["x"], StartRetries = retries,
        Readiness = new ReadinessSpec(kind, TimeoutSecs: 7),
    };

    private static (LifecycleState S, LifecycleActions A) Step(LifecycleState s, EventKind k, ProcessSpec spec, long now = 0)
        => L.Decide(s, new LifecycleEvent(k, now, Pid: 9), spec);

    private static LifecycleState Spawned(ProcessSpec spec, out LifecycleActions a)
    {
        var (s, _) = Step(default, EventKind.Start, spec);
        (s, a) = Step(s, EventKind.Spawned, spec);
        return s;
    }

    [TestMethod]
    public void SpawnArmsTheReadyTimeoutInsteadOfStartSecs()
    {
        var s = Spawned(Spec(ReadinessKind.Notify), out var a);
        Assert.AreEqual(ProcessState.Starting, s.State);
        Assert.AreEqual(7000, a.TimerDelayMs);
        Assert.IsFalse(a.Has(ActionKind.StartHealth));
        Spawned(Spec(ReadinessKind.Health), out a);
        Assert.IsTrue(a.Has(ActionKind.StartHealth), "health readiness checks during STARTING");
    }

    [TestMethod]
    public void ReadyMakesItRunning()
    {
        var s = Spawned(Spec(ReadinessKind.Fd), out _);
        var (r, a) = Step(s, EventKind.Ready, Spec(ReadinessKind.Fd), 500);
        Assert.AreEqual(ProcessState.Running, r.State);
        Assert.IsTrue(a.Has(ActionKind.CancelTimer) && a.Has(ActionKind.StartHealth));
    }

    [TestMethod]
    public void TheFirstPassingCheckIsReadyOnlyForHealthReadiness()
    {
        Assert.AreEqual(ProcessState.Running, Step(Spawned(Spec(ReadinessKind.Health), out _), EventKind.Healthy, Spec(ReadinessKind.Health)).S.State);
        Assert.AreEqual(ProcessState.Starting, Step(Spawned(Spec(ReadinessKind.Log), out _), EventKind.Healthy, Spec(ReadinessKind.Log)).S.State);
    }

    [TestMethod]
    public void ReadyTimeoutStopsTheChildThenBacksOffOrGivesUp()
    {
        var spec = Spec(ReadinessKind.Log, retries: 1);
        var (s, a) = Step(Spawned(spec, out _), EventKind.TimerDue, spec);
        Assert.AreEqual(ProcessState.Stopping, s.State);
        Assert.AreEqual(AfterStop.Backoff, s.AfterStop);
        Assert.IsTrue(a.Has(ActionKind.SignalGroup));
        StringAssert.Contains(a.Log, "not ready after 7s");
        (s, _) = Step(s, EventKind.Exited, spec);
        Assert.AreEqual(ProcessState.Backoff, s.State);
        (s, _) = Step(s, EventKind.TimerDue, spec);
        (s, _) = Step(s, EventKind.Spawned, spec);
        (s, _) = Step(s, EventKind.TimerDue, spec);
        Assert.AreEqual(AfterStop.Fatal, s.AfterStop);
        Assert.AreEqual(ProcessState.Fatal, Step(s, EventKind.Exited, spec).S.State);
    }

    [TestMethod]
    public void WatchdogMissRestartsARunningProcess()
    {
        var spec = Spec(ReadinessKind.Notify);
        var (s, _) = Step(Spawned(spec, out _), EventKind.Ready, spec);
        var (w, a) = Step(s, EventKind.WatchdogMissed, spec);
        Assert.AreEqual(ProcessState.Stopping, w.State);
        Assert.AreEqual(AfterStop.Start, w.AfterStop);
        Assert.AreEqual("watchdog timeout", a.Log);
        Assert.IsTrue(a.Warn);
    }
}
