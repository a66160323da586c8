using L = Supervice.Core.Lifecycle.LifecycleTable;
using Supervice.Config.Model;
using Supervice.Core.Lifecycle;

namespace Supervice.Tests.Unit.Core.Lifecycle;

[TestClass]
public class LifecycleTests
{
    private static ProcessSpec Spec(int startSecs = 1, int startRetries = 3, AutoRestart autoRestart = AutoRestart.True,
        int stopSignal = 15, int stopWait = 10, params int[] exitCodes) => new()
    {
        Name = "web", ProgramName = "web", GroupName = "web", Command = "sleep 100", Argv = ["sleep", "100"],
        StartSecs = startSecs, StartRetries = startRetries, AutoRestart = autoRestart, StopSignal = stopSignal,
        StopWaitSecs = stopWait, ExitCodes = exitCodes.Length == 0 ? [0] : [.. exitCodes],
    };

    private static (LifecycleState S, LifecycleActions A) Step(LifecycleState s, EventKind k, ProcessSpec spec, long now = 0,
        int pid = 0, ExitStatus exit = default, string? error = null, bool permanent = false, bool force = false)
        => L.Decide(s, new LifecycleEvent(k, now, pid, exit, error, permanent, force), spec);

    private static LifecycleState Running(ProcessSpec spec, long now = 0)
    {
        var (s, _) = Step(default, EventKind.Start, spec, now);
        (s, _) = Step(s, EventKind.Spawned, spec, now, pid: 100);
        if (spec.StartSecs > 0) (s, _) = Step(s, EventKind.TimerDue, spec, now + spec.StartSecs * 1000);
        Assert.AreEqual(ProcessState.Running, s.State);
        return s;
    }

    private static readonly ExitStatus Code1 = new(1, 0, false);
    private static readonly ExitStatus Code0 = new(0, 0, false);

    [TestMethod]
    public void StartFromStoppedSpawns()
    {
        var (s, a) = Step(default, EventKind.Start, Spec());
        Assert.AreEqual(ProcessState.Starting, s.State);
        Assert.IsTrue(s.WantRunning);
        Assert.IsTrue(a.Has(ActionKind.Spawn));
    }

    [TestMethod]
    public void StartSecsGateArmsTimerThenRunning()
    {
        var spec = Spec(startSecs: 3);
        var (s, _) = Step(default, EventKind.Start, spec);
        (s, var a) = Step(s, EventKind.Spawned, spec, now: 10, pid: 42);
        Assert.AreEqual(ProcessState.Starting, s.State);
        Assert.IsTrue(a.Has(ActionKind.ArmTimer));
        Assert.AreEqual(3000, a.TimerDelayMs);
        (s, a) = Step(s, EventKind.TimerDue, spec, now: 3010);
        Assert.AreEqual(ProcessState.Running, s.State);
        Assert.IsTrue(a.Has(ActionKind.StartHealth));
        Assert.AreEqual(42, s.Pid);
    }

    [TestMethod]
    public void StartSecsZeroIsRunningAtOnce()
    {
        var spec = Spec(startSecs: 0);
        var (s, _) = Step(default, EventKind.Start, spec);
        (s, _) = Step(s, EventKind.Spawned, spec, pid: 7);
        Assert.AreEqual(ProcessState.Running, s.State);
    }

    [TestMethod]
    public void FailedStartsBackOffOneTwoThreeSecondsThenFatal()
    {
        var spec = Spec(startSecs: 1, startRetries: 2);
        var (s, _) = Step(default, EventKind.Start, spec);
        var delays = new List<long>();
        int spawns = 1;
        while (true)
        {
            (s, _) = Step(s, EventKind.Spawned, spec, pid: 10 + spawns);
            (s, var a) = Step(s, EventKind.Exited, spec, exit: Code1);
            if (s.State == ProcessState.Fatal) break;
            Assert.AreEqual(ProcessState.Backoff, s.State);
            delays.Add(a.TimerDelayMs);
            (s, a) = Step(s, EventKind.TimerDue, spec);
            Assert.IsTrue(a.Has(ActionKind.Spawn));
            spawns++;
        }
        Assert.AreEqual(3, spawns, "startretries=2 means 3 attempts");
        CollectionAssert.AreEqual(new long[] { 1000, 2000 }, delays);
        Assert.IsFalse(s.WantRunning);
    }

    [TestMethod]
    public void StartRetriesZeroMeansOneAttempt()
    {
        var spec = Spec(startRetries: 0);
        var (s, _) = Step(default, EventKind.Start, spec);
        (s, _) = Step(s, EventKind.Spawned, spec, pid: 5);
        (s, _) = Step(s, EventKind.Exited, spec, exit: Code1);
        Assert.AreEqual(ProcessState.Fatal, s.State);
    }

    [TestMethod]
    public void BackoffIsCappedAtThirtySeconds()
    {
        var spec = Spec(startRetries: 100);
        var (s, _) = Step(default, EventKind.Start, spec);
        LifecycleActions a = default;
        for (int i = 0; i < 40; i++)
        {
            (s, _) = Step(s, EventKind.Spawned, spec, pid: 5);
            (s, a) = Step(s, EventKind.Exited, spec, exit: Code1);
            (s, _) = Step(s, EventKind.TimerDue, spec);
        }
        Assert.AreEqual(30_000, a.TimerDelayMs);
    }

    [TestMethod]
    public void RetryableSpawnErrorIsAFailedAttempt()
    {
        var spec = Spec();
        var (s, _) = Step(default, EventKind.Start, spec);
        (s, var a) = Step(s, EventKind.SpawnFailed, spec, error: "command not found: nope");
        Assert.AreEqual(ProcessState.Backoff, s.State);
        Assert.AreEqual(1, s.Attempts);
        Assert.AreEqual("command not found: nope", s.SpawnError);
        Assert.AreEqual(1000, a.TimerDelayMs);
    }

    [TestMethod]
    public void PermanentSpawnErrorIsFatalAtOnce()
    {
        var spec = Spec();
        var (s, _) = Step(default, EventKind.Start, spec);
        (s, _) = Step(s, EventKind.SpawnFailed, spec, error: "permission denied", permanent: true);
        Assert.AreEqual(ProcessState.Fatal, s.State);
        Assert.IsFalse(s.WantRunning);
    }

    [TestMethod]
    public void ExitAfterRunningRestartsAtOnce()
    {
        var spec = Spec(startSecs: 1);
        var s = Running(spec, now: 0);
        var (s2, a) = Step(s, EventKind.Exited, spec, now: 5000, exit: Code1);
        Assert.AreEqual(ProcessState.Starting, s2.State);
        Assert.IsTrue(a.Has(ActionKind.Spawn));
        Assert.AreEqual(0, s2.Attempts);
    }

    [TestMethod]
    public void ExitAfterRunningRestartsAtMostOncePerSecond()
    {
        var spec = Spec(startSecs: 0);
        var s = Running(spec, now: 1000);
        var (s2, a) = Step(s, EventKind.Exited, spec, now: 1300, exit: Code1);
        Assert.AreEqual(ProcessState.Backoff, s2.State);
        Assert.AreEqual(700, a.TimerDelayMs);
        (s2, a) = Step(s2, EventKind.TimerDue, spec, now: 2000);
        Assert.IsTrue(a.Has(ActionKind.Spawn));
    }

    [TestMethod]
    public void AutorestartFalseStaysExited()
    {
        var spec = Spec(autoRestart: AutoRestart.False);
        var (s, a) = Step(Running(spec), EventKind.Exited, spec, now: 5000, exit: Code1);
        Assert.AreEqual(ProcessState.Exited, s.State);
        Assert.IsFalse(a.Has(ActionKind.Spawn));
    }

    [TestMethod]
    public void AutorestartUnexpectedRestartsOnlyUnexpectedCodes()
    {
        var spec = Spec(autoRestart: AutoRestart.Unexpected, exitCodes: [0, 2]);
        Assert.AreEqual(ProcessState.Exited, Step(Running(spec), EventKind.Exited, spec, now: 5000, exit: Code0).S.State);
        Assert.AreEqual(ProcessState.Exited, Step(Running(spec), EventKind.Exited, spec, now: 5000, exit: new ExitStatus(2, 0, false)).S.State);
        Assert.AreEqual(ProcessState.Starting, Step(Running(spec), EventKind.Exited, spec, now: 5000, exit: Code1).S.State);
        Assert.AreEqual(ProcessState.Starting, Step(Running(spec), EventKind.Exited, spec, now: 5000, exit: new ExitStatus(-1, 9, false)).S.State);
    }

    [TestMethod]
    public void StopSendsConfiguredSignalAndArmsStopWait()
    {
        var spec = Spec(stopSignal: 10, stopWait: 4);
        var (s, a) = Step(Running(spec), EventKind.Stop, spec);
        Assert.AreEqual(ProcessState.Stopping, s.State);
        Assert.IsTrue(a.Has(ActionKind.SignalGroup));
        Assert.AreEqual(10, a.Signal);
        Assert.AreEqual(4000, a.TimerDelayMs);
        Assert.IsTrue(a.Has(ActionKind.StopHealth));
    }

    [TestMethod]
    public void StopTimeoutEscalatesToSigkill()
    {
        var spec = Spec();
        var (s, _) = Step(Running(spec), EventKind.Stop, spec);
        (s, var a) = Step(s, EventKind.TimerDue, spec);
        Assert.AreEqual(ProcessState.Stopping, s.State);
        Assert.AreEqual(9, a.Signal);
        Assert.IsTrue(a.Has(ActionKind.SignalGroup));
    }

    [TestMethod]
    public void ExitDuringStopWithNothingLeftIsStopped()
    {
        var spec = Spec();
        var (s, _) = Step(Running(spec), EventKind.Stop, spec);
        (s, var a) = Step(s, EventKind.Exited, spec, exit: new ExitStatus(-1, 15, false));
        Assert.AreEqual(ProcessState.Stopped, s.State);
        Assert.IsFalse(a.Has(ActionKind.EndTree));
        Assert.IsFalse(a.Has(ActionKind.Spawn));
        Assert.AreEqual(0, s.Pid);
    }

    [TestMethod]
    public void StopDuringStartingKillsChild()
    {
        var spec = Spec(startSecs: 5);
        var (s, _) = Step(default, EventKind.Start, spec);
        (s, _) = Step(s, EventKind.Spawned, spec, pid: 9);
        (s, var a) = Step(s, EventKind.Stop, spec);
        Assert.AreEqual(ProcessState.Stopping, s.State);
        Assert.IsTrue(a.Has(ActionKind.SignalGroup));
        (s, _) = Step(s, EventKind.TimerDue, spec);
        Assert.AreEqual(ProcessState.Stopping, s.State, "a stale startsecs timer must not make it RUNNING");
    }

    [TestMethod]
    public void StopDuringBackoffCancelsRetry()
    {
        var spec = Spec();
        var (s, _) = Step(default, EventKind.Start, spec);
        (s, _) = Step(s, EventKind.SpawnFailed, spec, error: "x");
        (s, var a) = Step(s, EventKind.Stop, spec);
        Assert.AreEqual(ProcessState.Stopped, s.State);
        Assert.IsTrue(a.Has(ActionKind.CancelTimer));
        (s, a) = Step(s, EventKind.TimerDue, spec);
        Assert.IsFalse(a.Has(ActionKind.Spawn));
    }

    [TestMethod]
    public void ExplicitStartResetsCountersFromFatal()
    {
        var spec = Spec(startRetries: 0);
        var (s, _) = Step(default, EventKind.Start, spec);
        (s, _) = Step(s, EventKind.SpawnFailed, spec, error: "x");
        Assert.AreEqual(ProcessState.Fatal, s.State);
        (s, var a) = Step(s, EventKind.Start, spec);
        Assert.AreEqual(ProcessState.Starting, s.State);
        Assert.AreEqual(0, s.Attempts);
        Assert.IsTrue(a.Has(ActionKind.Spawn));
    }

    [TestMethod]
    public void ExplicitStartDuringBackoffStartsAtOnce()
    {
        var spec = Spec();
        var (s, _) = Step(default, EventKind.Start, spec);
        (s, _) = Step(s, EventKind.SpawnFailed, spec, error: "x");
        (s, var a) = Step(s, EventKind.Start, spec);
        Assert.AreEqual(ProcessState.Starting, s.State);
        Assert.IsTrue(a.Has(ActionKind.Spawn) && a.Has(ActionKind.CancelTimer));
    }

    [TestMethod]
    public void RestartStartsAgainAsSoonAsDown()
    {
        var spec = Spec();
        var (s, a) = Step(Running(spec), EventKind.Restart, spec);
        Assert.AreEqual(ProcessState.Stopping, s.State);
        (s, a) = Step(s, EventKind.Exited, spec, exit: new ExitStatus(-1, 15, false));
        Assert.AreEqual(ProcessState.Starting, s.State);
        Assert.IsTrue(a.Has(ActionKind.Spawn));
    }

    [TestMethod]
    public void ForcedRestartUsesSigkill()
    {
        var spec = Spec();
        var (_, a) = Step(Running(spec), EventKind.Restart, spec, force: true);
        Assert.AreEqual(9, a.Signal);
    }

    [TestMethod]
    public void UnhealthyWithAutorestartRestartsWithBackoffThenFatal()
    {
        var spec = Spec(startSecs: 0, startRetries: 1);
        var s = Running(spec);
        (s, var a) = Step(s, EventKind.Unhealthy, spec);
        Assert.AreEqual(ProcessState.Stopping, s.State);
        (s, a) = Step(s, EventKind.Exited, spec, exit: new ExitStatus(-1, 15, false));
        Assert.AreEqual(ProcessState.Backoff, s.State);
        Assert.AreEqual(1000, a.TimerDelayMs);
        (s, _) = Step(s, EventKind.TimerDue, spec);
        (s, _) = Step(s, EventKind.Spawned, spec, pid: 3);
        (s, _) = Step(s, EventKind.Unhealthy, spec);
        (s, _) = Step(s, EventKind.Exited, spec, exit: new ExitStatus(-1, 15, false));
        Assert.AreEqual(ProcessState.Fatal, s.State);
    }

    [TestMethod]
    public void UnhealthyWithoutAutorestartStaysUnhealthyAndRecovers()
    {
        var spec = Spec(startSecs: 0, autoRestart: AutoRestart.False);
        var (s, a) = Step(Running(spec), EventKind.Unhealthy, spec);
        Assert.AreEqual(ProcessState.Unhealthy, s.State);
        Assert.IsFalse(a.Has(ActionKind.SignalGroup));
        (s, _) = Step(s, EventKind.Healthy, spec);
        Assert.AreEqual(ProcessState.Running, s.State);
    }

    /// <summary>Every cell of the grid, pinned: a process that wants to run (pid 42, spawned at 0, no failed
    /// attempts) meets each event at 5 s (pid 42, exit code 1, a retryable spawn error). A change to any cell must
    /// change this table too.</summary>
    private static readonly string[] Golden =
    [
        // state      event        -> new state | actions
        "Stopped Start -> Starting | Spawn, CancelTimer",
        "Stopped Stop -> Stopped | None",
        "Stopped Restart -> Starting | Spawn, CancelTimer",
        "Stopped Spawned -> Stopped | None",
        "Stopped SpawnFailed -> Stopped | None",
        "Stopped Exited -> Stopped | None",
        "Stopped TimerDue -> Stopped | None",
        "Stopped Unhealthy -> Stopped | None",
        "Stopped Healthy -> Stopped | None",
        "Stopped Hold -> Stopped | None",
        "Stopped TreeGone -> Stopped | None",
        "Stopped Wait -> Waiting | CancelTimer",
        "Stopped DependenciesMet -> Stopped | None",
        "Stopped DependencyFailed -> Stopped | None",
        "Stopped Ready -> Stopped | None",
        "Stopped WatchdogMissed -> Stopped | None",
        "Starting Start -> Starting | None",
        "Starting Stop -> Stopping | SignalGroup, ArmTimer, CancelTimer, StopHealth sig 15 timer 10000",
        "Starting Restart -> Stopping | SignalGroup, ArmTimer, CancelTimer, StopHealth sig 15 timer 10000",
        "Starting Spawned -> Starting | ArmTimer timer 1000",
        "Starting SpawnFailed -> Backoff | ArmTimer, CancelTimer timer 1000",
        "Starting Exited -> Backoff | ArmTimer, CancelTimer timer 1000",
        "Starting TimerDue -> Running | StartHealth",
        "Starting Unhealthy -> Starting | None",
        "Starting Healthy -> Starting | None",
        "Starting Hold -> Stopping | SignalGroup, ArmTimer, CancelTimer, StopHealth sig 15 timer 10000",
        "Starting TreeGone -> Starting | None",
        "Starting Wait -> Starting | None",
        "Starting DependenciesMet -> Starting | None",
        "Starting DependencyFailed -> Starting | None",
        "Starting Ready -> Running | CancelTimer, StartHealth",
        "Starting WatchdogMissed -> Starting | None",
        "Running Start -> Running | None",
        "Running Stop -> Stopping | SignalGroup, ArmTimer, CancelTimer, StopHealth sig 15 timer 10000",
        "Running Restart -> Stopping | SignalGroup, ArmTimer, CancelTimer, StopHealth sig 15 timer 10000",
        "Running Spawned -> Running | None",
        "Running SpawnFailed -> Backoff | ArmTimer, CancelTimer timer 1000",
        "Running Exited -> Starting | Spawn, CancelTimer, StopHealth",
        "Running TimerDue -> Running | None",
        "Running Unhealthy -> Stopping | SignalGroup, ArmTimer, CancelTimer, StopHealth sig 15 timer 10000",
        "Running Healthy -> Running | None",
        "Running Hold -> Stopping | SignalGroup, ArmTimer, CancelTimer, StopHealth sig 15 timer 10000",
        "Running TreeGone -> Running | None",
        "Running Wait -> Running | None",
        "Running DependenciesMet -> Running | None",
        "Running DependencyFailed -> Running | None",
        "Running Ready -> Running | None",
        "Running WatchdogMissed -> Stopping | SignalGroup, ArmTimer, CancelTimer, StopHealth sig 15 timer 10000",
        "Backoff Start -> Starting | Spawn, CancelTimer",
        "Backoff Stop -> Stopped | CancelTimer",
        "Backoff Restart -> Starting | Spawn, CancelTimer",
        "Backoff Spawned -> Backoff | None",
        "Backoff SpawnFailed -> Backoff | None",
        "Backoff Exited -> Backoff | None",
        "Backoff TimerDue -> Starting | Spawn",
        "Backoff Unhealthy -> Backoff | None",
        "Backoff Healthy -> Backoff | None",
        "Backoff Hold -> Stopped | CancelTimer",
        "Backoff TreeGone -> Backoff | None",
        "Backoff Wait -> Waiting | CancelTimer",
        "Backoff DependenciesMet -> Backoff | None",
        "Backoff DependencyFailed -> Backoff | None",
        "Backoff Ready -> Backoff | None",
        "Backoff WatchdogMissed -> Backoff | None",
        "Stopping Start -> Stopping | None",
        "Stopping Stop -> Stopping | None",
        "Stopping Restart -> Stopping | None",
        "Stopping Spawned -> Stopping | None",
        "Stopping SpawnFailed -> Stopped | CancelTimer",
        "Stopping Exited -> Stopped | CancelTimer",
        "Stopping TimerDue -> Stopping | SignalGroup, EndTree sig 9",
        "Stopping Unhealthy -> Stopping | None",
        "Stopping Healthy -> Stopping | None",
        "Stopping Hold -> Stopping | None",
        "Stopping TreeGone -> Stopping | None",
        "Stopping Wait -> Stopping | None",
        "Stopping DependenciesMet -> Stopping | None",
        "Stopping DependencyFailed -> Stopping | None",
        "Stopping Ready -> Stopping | None",
        "Stopping WatchdogMissed -> Stopping | None",
        "Exited Start -> Starting | Spawn, CancelTimer",
        "Exited Stop -> Exited | None",
        "Exited Restart -> Starting | Spawn, CancelTimer",
        "Exited Spawned -> Exited | None",
        "Exited SpawnFailed -> Exited | None",
        "Exited Exited -> Exited | None",
        "Exited TimerDue -> Exited | None",
        "Exited Unhealthy -> Exited | None",
        "Exited Healthy -> Exited | None",
        "Exited Hold -> Exited | None",
        "Exited TreeGone -> Exited | None",
        "Exited Wait -> Waiting | CancelTimer",
        "Exited DependenciesMet -> Exited | None",
        "Exited DependencyFailed -> Exited | None",
        "Exited Ready -> Exited | None",
        "Exited WatchdogMissed -> Exited | None",
        "Fatal Start -> Starting | Spawn, CancelTimer",
        "Fatal Stop -> Fatal | None",
        "Fatal Restart -> Starting | Spawn, CancelTimer",
        "Fatal Spawned -> Fatal | None",
        "Fatal SpawnFailed -> Fatal | None",
        "Fatal Exited -> Fatal | None",
        "Fatal TimerDue -> Fatal | None",
        "Fatal Unhealthy -> Fatal | None",
        "Fatal Healthy -> Fatal | None",
        "Fatal Hold -> Fatal | None",
        "Fatal TreeGone -> Fatal | None",
        "Fatal Wait -> Waiting | CancelTimer",
        "Fatal DependenciesMet -> Fatal | None",
        "Fatal DependencyFailed -> Fatal | None",
        "Fatal Ready -> Fatal | None",
        "Fatal WatchdogMissed -> Fatal | None",
        "Unhealthy Start -> Unhealthy | None",
        "Unhealthy Stop -> Stopping | SignalGroup, ArmTimer, CancelTimer, StopHealth sig 15 timer 10000",
        "Unhealthy Restart -> Stopping | SignalGroup, ArmTimer, CancelTimer, StopHealth sig 15 timer 10000",
        "Unhealthy Spawned -> Unhealthy | None",
        "Unhealthy SpawnFailed -> Backoff | ArmTimer, CancelTimer timer 1000",
        "Unhealthy Exited -> Starting | Spawn, CancelTimer, StopHealth",
        "Unhealthy TimerDue -> Unhealthy | None",
        "Unhealthy Unhealthy -> Unhealthy | None",
        "Unhealthy Healthy -> Running | None",
        "Unhealthy Hold -> Stopping | SignalGroup, ArmTimer, CancelTimer, StopHealth sig 15 timer 10000",
        "Unhealthy TreeGone -> Unhealthy | None",
        "Unhealthy Wait -> Unhealthy | None",
        "Unhealthy DependenciesMet -> Unhealthy | None",
        "Unhealthy DependencyFailed -> Unhealthy | None",
        "Unhealthy Ready -> Unhealthy | None",
        "Unhealthy WatchdogMissed -> Stopping | SignalGroup, ArmTimer, CancelTimer, StopHealth sig 15 timer 10000",
        "Waiting Start -> Waiting | None",
        "Waiting Stop -> Stopped | None",
        "Waiting Restart -> Waiting | None",
        "Waiting Spawned -> Waiting | None",
        "Waiting SpawnFailed -> Waiting | None",
        "Waiting Exited -> Waiting | None",
        "Waiting TimerDue -> Waiting | None",
        "Waiting Unhealthy -> Waiting | None",
        "Waiting Healthy -> Waiting | None",
        "Waiting Hold -> Stopped | None",
        "Waiting TreeGone -> Waiting | None",
        "Waiting Wait -> Waiting | None",
        "Waiting DependenciesMet -> Starting | Spawn, CancelTimer",
        "Waiting DependencyFailed -> Fatal | None",
        "Waiting Ready -> Waiting | None",
        "Waiting WatchdogMissed -> Waiting | None",
    ];

    [TestMethod]
    public void EveryCellOfTheGridIsPinned()
    {
        var spec = Spec();
        var actual = new List<string>();
        foreach (var state in Enum.GetValues<ProcessState>())
            foreach (var kind in Enum.GetValues<EventKind>())
            {
                var before = new LifecycleState { State = state, WantRunning = true, Pid = 42 };
                var e = new LifecycleEvent(kind, 5000, 42, new ExitStatus(1, 0, false), "boom");
                var (after, a) = L.Decide(before, e, spec);
                var detail = (a.Has(ActionKind.SignalGroup) ? $" sig {a.Signal}" : "") + (a.Has(ActionKind.ArmTimer) ? $" timer {a.TimerDelayMs}" : "");
                actual.Add($"{state} {kind} -> {after.State} | {a.Kinds}{detail}");
            }
        Assert.AreEqual(Enum.GetValues<ProcessState>().Length * Enum.GetValues<EventKind>().Length, actual.Count);
        Assert.AreEqual((Enum.GetValues<ProcessState>().Length, Enum.GetValues<EventKind>().Length), L.Shape);
        CollectionAssert.AreEqual(Golden, actual, "grid changed:\n" + string.Join("\n", actual.Select(l => $"        \"{l}\",")));
    }

    [TestMethod]
    public void DownStatesIgnoreChildEvents()
    {
        var spec = Spec();
        foreach (var state in new[] { ProcessState.Stopped, ProcessState.Exited, ProcessState.Fatal })
            foreach (var kind in new[] { EventKind.Exited, EventKind.TimerDue, EventKind.TimerDue, EventKind.Unhealthy, EventKind.TimerDue })
            {
                var before = new LifecycleState { State = state };
                var (after, a) = L.Decide(before, new LifecycleEvent(kind, 0), spec);
                Assert.AreEqual(before, after, $"{state} x {kind}");
                Assert.AreEqual(ActionKind.None, a.Kinds);
            }
    }

    [TestMethod]
    public void LateExecFailureAfterStartSecsZeroIsAFailedAttempt()
    {
        var spec = Spec(startSecs: 0);
        var s = Running(spec);
        (s, var a) = Step(s, EventKind.SpawnFailed, spec, error: "/x: no such file or directory");
        Assert.AreEqual(ProcessState.Backoff, s.State);
        Assert.AreEqual(0, s.Pid);
        (s, _) = Step(Running(spec), EventKind.SpawnFailed, spec, error: "permission denied", permanent: true);
        Assert.AreEqual(ProcessState.Fatal, s.State);
    }
}
