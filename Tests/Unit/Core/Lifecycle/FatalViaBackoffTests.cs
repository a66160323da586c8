using L = Supervice.Core.Lifecycle.LifecycleTable;
using Supervice.Config.Model;
using Supervice.Core.Lifecycle;

namespace Supervice.Tests.Unit.Core.Lifecycle;

/// <summary>As supervisord: a start that fails with no retries left goes STARTING → BACKOFF → FATAL, so event
/// listeners see PROCESS_STATE_FATAL with from_state:BACKOFF (the loop logs and publishes both steps).</summary>
[TestClass]
public class FatalViaBackoffTests
{
    private static ProcessSpec Spec(int startRetries) => new()
    {
        Name = "w", ProgramName = "w", GroupName = "w", Command = "false", Argv = ["false"],
        StartSecs = 5, StartRetries = startRetries, AutoRestart = AutoRestart.True, ExitCodes = [0],
    };

    [TestMethod]
    public void TheLastFailedAttemptPassesThroughBackoff()
    {
        var starting = new LifecycleState { State = ProcessState.Starting, WantRunning = true, Pid = 7, Attempts = 0 };
        var (s, a) = L.Decide(starting, new LifecycleEvent(EventKind.Exited, 100, 7, new ExitStatus(1, 0, false)), Spec(0));
        Assert.AreEqual(ProcessState.Fatal, s.State);
        Assert.AreEqual(ProcessState.Backoff, a.Via);
        (s, a) = L.Decide(starting, new LifecycleEvent(EventKind.Exited, 100, 7, new ExitStatus(1, 0, false)), Spec(3));
        Assert.AreEqual(ProcessState.Backoff, s.State, "with retries left it simply backs off");
        Assert.IsNull(a.Via);
    }
}
