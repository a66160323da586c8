using Supervice.Core.Engine;
using Supervice.Core.Scheduling;

namespace Supervice.Tests.Unit.Core.Scheduling;

[TestClass]
public class TimerQueueTests
{
    [TestMethod]
    public void FiresDueEntriesInDeadlineOrder()
    {
        var q = new TimerQueue();
        var fired = new List<int>();
        q.Add(30, () => fired.Add(3));
        q.Add(10, () => fired.Add(1));
        q.Add(20, () => fired.Add(2));
        Assert.AreEqual(10, q.MillisUntilNext(0));
        q.FireDue(25);
        CollectionAssert.AreEqual(new[] { 1, 2 }, fired);
        Assert.AreEqual(5, q.MillisUntilNext(25));
    }

    [TestMethod]
    public void NoTimersMeansSleepForever() => Assert.AreEqual(-1, new TimerQueue().MillisUntilNext(0));

    [TestMethod]
    public void DeadEntriesNeitherFireNorWakeTheLoop()
    {
        var q = new TimerQueue();
        bool wanted = true, fired = false;
        q.Add(10, () => fired = true, () => wanted);
        q.Add(1000, () => { });
        wanted = false; // e.g. the request finished, or the process's timer was re-armed
        Assert.AreEqual(1000, q.MillisUntilNext(0), "the loop sleeps until the next live timer");
        q.FireDue(2000);
        Assert.IsFalse(fired);
    }

    [TestMethod]
    public void OverdueIsZero()
    {
        var q = new TimerQueue();
        q.Add(5, () => { });
        Assert.AreEqual(0, q.MillisUntilNext(50));
    }
}
