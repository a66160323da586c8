using System.Text;
using Supervice.Core.Events;

namespace Supervice.Tests.Unit.Core.Events;

[TestClass]
public class ListenerProtocolTests
{
    private static ListenerSignal Feed(ListenerProtocol p, string text)
    {
        p.Feed(Encoding.ASCII.GetBytes(text));
        return p.Next();
    }

    [TestMethod]
    public void ReadyThenResultOkInPieces()
    {
        var p = new ListenerProtocol();
        Assert.AreEqual(ListenerSignal.None, Feed(p, "REA"));
        Assert.AreEqual(ListenerSignal.Ready, Feed(p, "DY\n"));
        p.Sent();
        Assert.AreEqual(ListenerSignal.None, Feed(p, "RESULT 2"));
        Assert.AreEqual(ListenerSignal.None, Feed(p, "\nO"));
        Assert.AreEqual(ListenerSignal.Result, Feed(p, "K"));
        Assert.AreEqual("OK", Encoding.ASCII.GetString(p.Body));
        Assert.AreEqual(ListenerState.Acknowledged, p.State);
    }

    [TestMethod]
    public void ResultAndNextReadyInOneChunk()
    {
        var p = new ListenerProtocol();
        Assert.AreEqual(ListenerSignal.Ready, Feed(p, "READY\n"));
        p.Sent();
        Assert.AreEqual(ListenerSignal.Result, Feed(p, "RESULT 4\nFAILREADY\n"));
        Assert.AreEqual("FAIL", Encoding.ASCII.GetString(p.Body));
        Assert.AreEqual(ListenerSignal.Ready, p.Next());
    }

    [TestMethod]
    public void GarbageBeforeReadyBreaksTheProtocol()
    {
        var p = new ListenerProtocol();
        Assert.AreEqual(ListenerSignal.Broken, Feed(p, "hello\n"));
        Assert.AreEqual(ListenerState.Unknown, p.State);
        StringAssert.Contains(p.Error, "expected READY");
        Assert.AreEqual(ListenerSignal.None, Feed(p, "READY\n"));
    }

    [TestMethod]
    public void OutputWhileReadyOrABadResultBreaksTheProtocol()
    {
        var ready = new ListenerProtocol();
        Feed(ready, "READY\n");
        Assert.AreEqual(ListenerSignal.Broken, Feed(ready, "x"));
        var bad = new ListenerProtocol();
        Feed(bad, "READY\n");
        bad.Sent();
        Assert.AreEqual(ListenerSignal.Broken, Feed(bad, "RESULT x\n"));
        StringAssert.Contains(bad.Error, "bad RESULT length");
    }
}
