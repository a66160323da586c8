using L = Supervice.Core.Lifecycle.LifecycleTable;
using Supervice.Config.Model;
using Supervice.Core.Lifecycle;

namespace Supervice.Tests.Unit.Core.Lifecycle;

[TestClass]
public class BackoffTests
{
    private static readonly BackoffSpec Exponential = new(BackoffKind.Exponential, Initial: 1, Multiplier: 2, Max: 30, ResetAfter: 60);

    private static ProcessSpec Spec(BackoffSpec backoff, int retries = 3) => new()
    {
        Name = "web", ProgramName = "web", GroupName = "web", Command = "x", Argv = ["x"], StartRetries = retries, Backoff = backoff,
    };

    [TestMethod]
    public void LinearIsOneTwoThreeCapped()
    {
        CollectionAssert.AreEqual(new long[] { 1000, 2000, 3000, 30000 },
            new[] { 1, 2, 3, 45 }.Select(n => BackoffDelay.Milliseconds(BackoffSpec.Default, n, 0.9)).ToArray());
    }

    [TestMethod]
    public void ExponentialDoublesUpToTheMaxWithAtMostTenPercentJitter()
    {
        CollectionAssert.AreEqual(new long[] { 1000, 2000, 4000, 8000, 16000, 30000, 30000 },
            new[] { 1, 2, 3, 4, 5, 6, 60 }.Select(n => BackoffDelay.Milliseconds(Exponential, n, 0)).ToArray());
        Assert.AreEqual(8800, BackoffDelay.Milliseconds(Exponential, 4, 1.0));
        Assert.AreEqual(30000 * 1.1, BackoffDelay.Milliseconds(Exponential, 100000, 1.0), 1);
    }

    private static LifecycleState RunningSince(ProcessSpec spec, long now, int crashes = 0)
        => new() { State = ProcessState.Running, WantRunning = true, Pid = 5, SpawnedAt = now - 2000, RunningSince = now - 1000, Crashes = crashes };

    [TestMethod]
    public void CrashLoopsAfterRunningGrowTheDelay()
    {
        var spec = Spec(Exponential);
        var s = RunningSince(spec, 100_000);
        var delays = new List<long>();
        for (int i = 0; i < 4; i++)
        {
            long now = 100_000 + i * 50_000;
            s = s with { State = ProcessState.Running, Pid = 5, SpawnedAt = now - 2000, RunningSince = now - 1000 };
            var (after, a) = L.Decide(s, new LifecycleEvent(EventKind.Exited, now, 5, new ExitStatus(1, 0, false)), spec);
            Assert.AreEqual(ProcessState.Backoff, after.State);
            delays.Add(a.TimerDelayMs);
            s = after;
        }
        CollectionAssert.AreEqual(new long[] { 1000, 2000, 4000, 8000 }, delays);
        Assert.AreEqual(4, s.Crashes);
    }

    [TestMethod]
    public void ACrashAfterBackoffResetAfterCountsAsTheFirst()
    {
        var spec = Spec(Exponential);
        var s = new LifecycleState { State = ProcessState.Running, WantRunning = true, Pid = 5, SpawnedAt = 0, RunningSince = 1000, Crashes = 5 };
        var (after, a) = L.Decide(s, new LifecycleEvent(EventKind.Exited, 61_000, 5, new ExitStatus(1, 0, false)), spec);
        Assert.AreEqual(1, after.Crashes);
        Assert.AreEqual(1000, a.TimerDelayMs);
    }

    [TestMethod]
    public void LinearCrashesStillRestartAtOnce()
    {
        var spec = Spec(BackoffSpec.Default);
        var (after, a) = L.Decide(RunningSince(spec, 100_000), new LifecycleEvent(EventKind.Exited, 100_000, 5, new ExitStatus(1, 0, false)), spec);
        Assert.AreEqual(ProcessState.Starting, after.State);
        Assert.IsTrue(a.Has(ActionKind.Spawn));
    }

    [TestMethod]
    public void InfiniteRetriesNeverGoFatal()
    {
        var spec = Spec(Exponential, retries: int.MaxValue);
        var s = new LifecycleState { State = ProcessState.Starting, WantRunning = true, Pid = 5, Attempts = 500 };
        var (after, a) = L.Decide(s, new LifecycleEvent(EventKind.Exited, 0, 5, new ExitStatus(1, 0, false)), spec);
        Assert.AreEqual(ProcessState.Backoff, after.State);
        Assert.AreEqual(30000, a.TimerDelayMs);
    }
}
