using L = Supervice.Core.Lifecycle.LifecycleTable;
using Supervice.Config.Model;
using Supervice.Core.Lifecycle;

namespace Supervice.Tests.Unit.Core.Lifecycle;

/// <summary>Issue #10 defect 14: a health-triggered stop passes through UNHEALTHY (so the loop logs that step) and
/// keeps the failed check as the reason a FATAL process shows.</summary>
[TestClass]
public class HealthKillLifecycleTests
{
    private static ProcessSpec Spec(int startRetries) => new()
    {
        Name = "web", ProgramName = "web", GroupName = "web", Command = "sleep 100", Argv = ["sleep", "100"],
        StartSecs = 0, StartRetries = startRetries, AutoRestart = AutoRestart.True, StopSignal = 15, StopWaitSecs = 10, ExitCodes = [0],
    };

    [TestMethod]
    [DataRow(0), DataRow(2)]
    public void AHealthStopPassesThroughUnhealthyAndKeepsTheReason(int startRetries)
    {
        var spec = Spec(startRetries);
        var running = new LifecycleState { State = ProcessState.Running, WantRunning = true, Pid = 42 };
        var (s, a) = L.Decide(running, new LifecycleEvent(EventKind.Unhealthy, 1000, Error: "tcp check failed 3 times: refused"), spec);
        Assert.AreEqual(ProcessState.Stopping, s.State);
        Assert.AreEqual(ProcessState.Unhealthy, a.Via, "RUNNING -> UNHEALTHY -> STOPPING");
        Assert.AreEqual("tcp check failed 3 times: refused", s.HealthError);
        (s, _) = L.Decide(s, new LifecycleEvent(EventKind.Exited, 2000, 42, new ExitStatus(0, 15, false)), spec);
        Assert.AreEqual(startRetries == 0 ? ProcessState.Fatal : ProcessState.Backoff, s.State);
        Assert.AreEqual("tcp check failed 3 times: refused", s.HealthError, "the reason outlives the stop");
        if (startRetries == 0) return;
        (s, _) = L.Decide(s, new LifecycleEvent(EventKind.TimerDue, 3000), spec);
        (s, _) = L.Decide(s, new LifecycleEvent(EventKind.Spawned, 3000, 43), spec);
        Assert.IsNull(s.HealthError, "a new run starts with no health verdict");
    }
}
