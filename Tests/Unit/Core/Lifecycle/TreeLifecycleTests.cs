using Supervice.Config.Model;
using Supervice.Core.Lifecycle;
using L = Supervice.Core.Lifecycle.LifecycleTable;

namespace Supervice.Tests.Unit.Core.Lifecycle;

/// <summary>SPEC §14 in the pure table: a leader exit that leaves part of its tree alive is STOPPING until TreeGone.</summary>
[TestClass]
public class TreeLifecycleTests
{
    private static ProcessSpec Spec(bool killAsGroup = true, int startSecs = 1, int startRetries = 3, AutoRestart autoRestart = AutoRestart.True) => new()
    {
        Name = "web", ProgramName = "web", GroupName = "web", Command = "nginx", Argv = ["nginx"],
        StartSecs = startSecs, StartRetries = startRetries, AutoRestart = autoRestart, StopSignal = 3, StopWaitSecs = 7,
        ExitCodes = [0], KillAsGroup = killAsGroup,
    };

    private static (LifecycleState S, LifecycleActions A) Step(LifecycleState s, EventKind k, ProcessSpec spec, long now = 0,
        int pid = 0, ExitStatus exit = default, int leftovers = 0, bool force = false)
        => L.Decide(s, new LifecycleEvent(k, now, pid, exit, Force: force, Leftovers: leftovers), spec);

    private static LifecycleState Running(ProcessSpec spec)
    {
        var (s, _) = Step(default, EventKind.Start, spec);
        (s, _) = Step(s, EventKind.Spawned, spec, 0, pid: 100);
        (s, _) = Step(s, EventKind.TimerDue, spec, 1000);
        Assert.AreEqual(ProcessState.Running, s.State);
        return s;
    }

    private static readonly ExitStatus Killed = new(-1, 9, false);

    [TestMethod]
    public void CrashWithLeftoversEndsTheTreeBeforeRestarting()
    {
        var spec = Spec();
        var (s, a) = Step(Running(spec), EventKind.Exited, spec, 5000, pid: 100, exit: Killed, leftovers: 2);
        Assert.AreEqual(ProcessState.Stopping, s.State);
        Assert.IsTrue(s.AwaitingTree);
        Assert.AreEqual(0, s.Pid);
        Assert.IsFalse(a.Has(ActionKind.Spawn), "no new instance while the old workers live");
        Assert.IsTrue(a.Has(ActionKind.EndTree));
        Assert.AreEqual(3, a.Signal, "stopsignal first");
        Assert.IsTrue(a.Has(ActionKind.ArmTimer));
        Assert.AreEqual(7000, a.TimerDelayMs);
        StringAssert.Contains(a.Log, "waiting for 2 leftover processes");

        (s, a) = Step(s, EventKind.TimerDue, spec, 12000);
        Assert.AreEqual(ProcessState.Stopping, s.State);
        Assert.AreEqual(ActionKind.EndTree, a.Kinds);
        Assert.AreEqual(9, a.Signal, "SIGKILL after stopwaitsecs");

        (s, a) = Step(s, EventKind.TreeGone, spec, 12100);
        Assert.AreEqual(ProcessState.Starting, s.State);
        Assert.IsFalse(s.AwaitingTree);
        Assert.IsTrue(a.Has(ActionKind.Spawn));
    }

    [TestMethod]
    public void NothingLeftRestartsAtOnce()
    {
        var spec = Spec();
        var (s, a) = Step(Running(spec), EventKind.Exited, spec, 5000, pid: 100, exit: Killed, leftovers: 0);
        Assert.AreEqual(ProcessState.Starting, s.State);
        Assert.IsTrue(a.Has(ActionKind.Spawn));
        Assert.IsFalse(a.Has(ActionKind.EndTree));
    }

    [TestMethod]
    public void KillAsGroupFalseLeavesLeftoversAlone()
    {
        var spec = Spec(killAsGroup: false);
        var (s, a) = Step(Running(spec), EventKind.Exited, spec, 5000, pid: 100, exit: Killed, leftovers: 2);
        Assert.AreEqual(ProcessState.Starting, s.State);
        Assert.IsTrue(a.Has(ActionKind.Spawn));
        Assert.IsFalse(a.Has(ActionKind.EndTree));
    }

    [TestMethod]
    public void StopReportsStoppedOnlyOnceTheTreeIsGone()
    {
        var spec = Spec();
        var (s, _) = Step(Running(spec), EventKind.Stop, spec, 5000);
        (s, var a) = Step(s, EventKind.Exited, spec, 5100, pid: 100, exit: new ExitStatus(0, 0, false), leftovers: 1);
        Assert.AreEqual(ProcessState.Stopping, s.State);
        Assert.IsTrue(a.Has(ActionKind.EndTree));
        (s, a) = Step(s, EventKind.TreeGone, spec, 5200);
        Assert.AreEqual(ProcessState.Stopped, s.State);
        Assert.IsFalse(a.Has(ActionKind.Spawn));
    }

    [TestMethod]
    public void BackoffDelayCountsFromTheTreesEnd()
    {
        var spec = Spec(startSecs: 10);
        var (s, _) = Step(default, EventKind.Start, spec);
        (s, _) = Step(s, EventKind.Spawned, spec, 0, pid: 100);
        (s, var a) = Step(s, EventKind.Exited, spec, 500, pid: 100, exit: new ExitStatus(1, 0, false), leftovers: 1);
        Assert.AreEqual(ProcessState.Stopping, s.State);
        (s, a) = Step(s, EventKind.TreeGone, spec, 4500);
        Assert.AreEqual(ProcessState.Backoff, s.State);
        Assert.AreEqual(1000, a.TimerDelayMs);
        Assert.AreEqual(5500, s.BackoffUntil, "the first retry waits 1 s from the moment the old tree is gone");
    }

    [TestMethod]
    public void StopOrStartWhileWaitingChangesWhatFollows()
    {
        var spec = Spec();
        var (waiting, _) = Step(Running(spec), EventKind.Exited, spec, 5000, pid: 100, exit: Killed, leftovers: 1);
        var (s, a) = Step(waiting, EventKind.Stop, spec, 5100);
        Assert.AreEqual(ProcessState.Stopping, s.State);
        (s, a) = Step(s, EventKind.TreeGone, spec, 5200);
        Assert.AreEqual(ProcessState.Stopped, s.State, "a stop asked for while waiting wins over the restart");

        (s, a) = Step(waiting, EventKind.Stop, spec, 5100, force: true);
        Assert.IsTrue(a.Has(ActionKind.EndTree));
        Assert.AreEqual(9, a.Signal);
        (s, _) = Step(s, EventKind.Start, spec, 5150);
        (s, a) = Step(s, EventKind.TreeGone, spec, 5200);
        Assert.AreEqual(ProcessState.Starting, s.State);
        Assert.IsTrue(a.Has(ActionKind.Spawn));
    }

    [TestMethod]
    public void TreeGoneIsIgnoredWhenNothingWaits()
    {
        var spec = Spec();
        foreach (var state in Enum.GetValues<ProcessState>())
        {
            var before = new LifecycleState { State = state, Pid = 42 };
            var (after, a) = L.Decide(before, new LifecycleEvent(EventKind.TreeGone, 0), spec);
            Assert.AreEqual(before, after, $"{state}");
            Assert.AreEqual(ActionKind.None, a.Kinds);
        }
    }
}
