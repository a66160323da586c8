using System.Collections.Immutable;
using System.Text;
using Supervice.Config.Model;
using Supervice.Core.Events;
using Supervice.Core.Lifecycle;

namespace Supervice.Tests.Unit.Core.Events;

[TestClass]
public class ListenerPoolTests
{
    private static ListenerPool Pool(int size, params string[] events) => new("p", new EventListenerSpec([.. events], size, false));

    [TestMethod]
    public void SupertypesCoverTheirTypesOnly()
    {
        var pool = Pool(10, "PROCESS_STATE", "TICK_60");
        Assert.IsTrue(pool.Subscribes("PROCESS_STATE_FATAL"));
        Assert.IsTrue(pool.Subscribes("TICK_60"));
        Assert.IsFalse(pool.Subscribes("TICK_5"));
        Assert.IsFalse(pool.Subscribes("PROCESS_LOG_STDOUT"));
        Assert.IsTrue(Pool(10, "EVENT").Subscribes("PROCESS_GROUP_ADDED"));
    }

    [TestMethod]
    public void OverflowDropsTheOldestAndReportsItsSerial()
    {
        var pool = Pool(2, "EVENT");
        long serial = 0;
        var events = Enumerable.Range(0, 3).Select(_ => new SupervisorEvent("TICK_5", [])).ToList();
        Assert.AreEqual(-1, pool.Accept(events[0], -1, false, () => serial++));
        Assert.AreEqual(-1, pool.Accept(events[1], -1, false, () => serial++));
        Assert.AreEqual(0, pool.Accept(events[2], -1, false, () => serial++));
        Assert.IsTrue(pool.TryTake(out var e, out var ps));
        Assert.AreSame(events[1], e);
        Assert.AreEqual(1, ps);
    }

    [TestMethod]
    public void ARejectedEventGoesBackToTheHeadWithItsSerials()
    {
        var pool = Pool(10, "EVENT");
        long serial = 5;
        var a = new SupervisorEvent("TICK_5", []);
        var b = new SupervisorEvent("TICK_5", []);
        pool.Accept(a, -1, false, () => serial++);
        pool.Accept(b, -1, false, () => serial++);
        pool.TryTake(out var first, out var firstPool);
        pool.Accept(first, firstPool, true, () => serial++);
        pool.TryTake(out var again, out var againPool);
        Assert.AreEqual((a, 5L, 0L), (again, again.Serial, againPool));
    }

    [TestMethod]
    public void PayloadsAreSupervisords()
    {
        Assert.AreEqual("processname:00 groupname:web from_state:RUNNING expected:0 pid:12",
            Encoding.UTF8.GetString(EventPayloads.StateChange("web:00", "web", "RUNNING", "EXITED", 12, 0, false)));
        Assert.AreEqual("processname:a groupname:a from_state:STARTING tries:1",
            Encoding.UTF8.GetString(EventPayloads.StateChange("a", "a", "STARTING", "BACKOFF", 0, 1, false)));
        Assert.AreEqual("processname:a groupname:a from_state:BACKOFF",
            Encoding.UTF8.GetString(EventPayloads.StateChange("a", "a", "BACKOFF", "FATAL", 0, 1, false)));
        Assert.AreEqual("processname:a groupname:g pid:3 channel:stderr\nhi",
            Encoding.UTF8.GetString(EventPayloads.ProcessLog("a", "g", 3, "stderr", "hi"u8)));
        Assert.AreEqual("groupname:g\n", Encoding.UTF8.GetString(EventPayloads.Group("g")));
        Assert.AreEqual("ver:3.0 server:supervisor serial:7 pool:p poolserial:2 eventname:TICK_5 len:15\n",
            Encoding.UTF8.GetString(EventPayloads.Header("supervisor", 7, "p", 2, "TICK_5", 15)));
        Assert.IsNull(EventPayloads.StateName(ProcessState.Unhealthy));
    }

    [TestMethod]
    public void StdoutHandlerPrintsWhatSupervisorStdoutPrints()
    {
        // python: print('\n'.join(['web stdout | ' + l for l in 'one\ntwo\n'.split('\n')]))
        Assert.AreEqual("web stdout | one\nweb stdout | two\nweb stdout | \n",
            Encoding.UTF8.GetString(EventPayloads.StdoutHandlerLines("processname:web groupname:web pid:3 channel:stdout\none\ntwo\n"u8)!));
        Assert.AreEqual("00 stderr | half\n",
            Encoding.UTF8.GetString(EventPayloads.StdoutHandlerLines("processname:00 groupname:web pid:3 channel:stderr\nhalf"u8)!));
        Assert.IsNull(EventPayloads.StdoutHandlerLines("OK"u8), "no header line");
        Assert.IsNull(EventPayloads.StdoutHandlerLines("processname:web\nx"u8), "no channel");
        Assert.IsNull(EventPayloads.StdoutHandlerLines("processname:web channel:stdout when:1:2\nx"u8), "a token that is not key:value");
    }
}
