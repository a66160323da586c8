using L = Supervice.Core.Lifecycle.LifecycleTable;
using Supervice.Config.Model;
using Supervice.Core.Lifecycle;

namespace Supervice.Tests.Unit.Core.Lifecycle;

/// <summary>Hold (shutdown, issue #10 defect 7): stops a process that is up, cancels a backoff, and no event after it
/// ever spawns the process again — not a ctl start, a restart pending when it came, a retry, or an autorestart.</summary>
[TestClass]
public class HoldTests
{
    private static readonly ProcessSpec Spec = new()
    {
        Name = "web", ProgramName = "web", GroupName = "web", Command = "sleep 100", Argv = ["sleep", "100"],
        StartSecs = 1, StartRetries = 3, AutoRestart = AutoRestart.True, StopSignal = 15, StopWaitSecs = 10, ExitCodes = [0],
    };

    private static (LifecycleState, LifecycleActions) Step(LifecycleState s, EventKind k, long now = 5000)
        => L.Decide(s, new LifecycleEvent(k, now, 42, new ExitStatus(1, 0, false), "boom"), Spec);

    [TestMethod]
    public void NoEventAfterHoldSpawnsTheProcess()
    {
        foreach (var state in Enum.GetValues<ProcessState>())
            foreach (var pending in new[] { AfterStop.Stay, AfterStop.Start, AfterStop.Backoff })
            {
                var (s, _) = Step(new LifecycleState { State = state, WantRunning = true, Pid = 42, AfterStop = pending }, EventKind.Hold);
                Assert.IsTrue(s.Held, $"{state}: held");
                Assert.IsFalse(s.WantRunning, $"{state}: no longer wants to run");
                // Every event, twice over, in every order a loop could feed them: never a spawn.
                for (int round = 0; round < 2; round++)
                    foreach (var kind in Enum.GetValues<EventKind>())
                    {
                        (s, var a) = Step(s, kind);
                        Assert.IsFalse(a.Has(ActionKind.Spawn), $"{state} (after stop: {pending}) held, then {kind}: spawned");
                        Assert.IsTrue(s.Held, $"{state} then {kind}: hold is kept");
                    }
            }
    }

    [TestMethod]
    public void HoldStopsWhatIsUpAndCancelsABackoff()
    {
        foreach (var up in new[] { ProcessState.Starting, ProcessState.Running, ProcessState.Unhealthy })
        {
            var (s, a) = Step(new LifecycleState { State = up, WantRunning = true, Pid = 42 }, EventKind.Hold);
            Assert.AreEqual(ProcessState.Stopping, s.State, $"{up}");
            Assert.IsTrue(a.Has(ActionKind.SignalGroup));
            Assert.AreEqual(15, a.Signal);
            (s, _) = Step(s, EventKind.Exited);
            Assert.AreEqual(ProcessState.Stopped, s.State, $"{up}: down after the exit, not restarted");
        }
        var (b, ba) = Step(new LifecycleState { State = ProcessState.Backoff, WantRunning = true, BackoffUntil = 9000 }, EventKind.Hold);
        Assert.AreEqual(ProcessState.Stopped, b.State);
        Assert.IsTrue(ba.Has(ActionKind.CancelTimer));
    }

    [TestMethod]
    public void ARestartInProgressEndsStoppedAfterHold()
    {
        var (s, _) = Step(new LifecycleState { State = ProcessState.Running, WantRunning = true, Pid = 42 }, EventKind.Restart);
        Assert.AreEqual(AfterStop.Start, s.AfterStop);
        (s, _) = Step(s, EventKind.Hold);
        (s, var a) = Step(s, EventKind.Exited);
        Assert.AreEqual(ProcessState.Stopped, s.State);
        Assert.IsFalse(a.Has(ActionKind.Spawn));
    }
}
