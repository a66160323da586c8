using Supervice.Rpc.Ctl;
using Supervice.Rpc.Messages;

namespace Supervice.Tests.Unit.Rpc.Ctl;

[TestClass]
public class CtlExitTests
{
    private static RpcReply Results(bool ok, ProcessResult r) => new() { Status = ok ? "ok" : "error", Results = [r] };

    [TestMethod]
    public void StatusWithAStoppedExitedOrFatalProcessIs3()
    {
        Assert.AreEqual(0, CtlExit.For(RpcCommand.Status, RpcReply.StatusOf([new() { Name = "a", State = "RUNNING" }])));
        foreach (var s in new[] { "STOPPED", "EXITED", "FATAL" })
            Assert.AreEqual(3, CtlExit.For(RpcCommand.Status, RpcReply.StatusOf([new() { Name = "a", State = "RUNNING" }, new() { Name = "b", State = s }])));
        Assert.AreEqual(0, CtlExit.For(RpcCommand.Status, RpcReply.StatusOf([new() { Name = "a", State = "BACKOFF" }])));
    }

    [TestMethod]
    public void UnknownNameIs4()
    {
        Assert.AreEqual(4, CtlExit.For(RpcCommand.Status, RpcReply.NoSuchName(["x"])));
        Assert.AreEqual(4, CtlExit.For(RpcCommand.Start, RpcReply.NoSuchName(["x"])));
        Assert.AreEqual(4, CtlExit.For(RpcCommand.StopGroup, RpcReply.NoSuchName([], "Group not found")));
    }

    [TestMethod]
    public void StartThatEndsFatalIs7AndOtherFailuresAre1()
    {
        Assert.AreEqual(0, CtlExit.For(RpcCommand.Start, Results(true, new() { Name = "a", Ok = true, State = "RUNNING" })));
        Assert.AreEqual(7, CtlExit.For(RpcCommand.Start, Results(false, new() { Name = "a", Ok = false, State = "FATAL", Message = "spawn error" })));
        Assert.AreEqual(1, CtlExit.For(RpcCommand.Start, Results(false, new() { Name = "a", Ok = false, State = "STOPPING", Message = "stopping" })));
        Assert.AreEqual(1, CtlExit.For(RpcCommand.Start, RpcReply.Fail("web did not reach RUNNING (state: STOPPING)")));
    }

    [TestMethod]
    public void FailedStopOrRestartIs1()
    {
        Assert.AreEqual(1, CtlExit.For(RpcCommand.Stop, Results(false, new() { Name = "a", Ok = false, State = "STOPPING" })));
        Assert.AreEqual(1, CtlExit.For(RpcCommand.Restart, RpcReply.Fail("a did not stop (state: STOPPING)")));
        Assert.AreEqual(0, CtlExit.For(RpcCommand.Restart, RpcReply.Ok("Restarted a")));
    }

    [TestMethod]
    public void SignalOrPidOfAStoppedProcessIs7()
    {
        Assert.AreEqual(7, CtlExit.For(RpcCommand.Signal, Results(false, new() { Name = "a", Ok = false, State = "STOPPED", Message = "not running" })));
        Assert.AreEqual(0, CtlExit.For(RpcCommand.Signal, Results(true, new() { Name = "a", Ok = true, State = "RUNNING" })));
        Assert.AreEqual(7, CtlExit.For(RpcCommand.Pid, Results(true, new() { Name = "a", Ok = true, Pid = 0 })));
        Assert.AreEqual(0, CtlExit.For(RpcCommand.Pid, Results(true, new() { Name = "a", Ok = true, Pid = 12 })));
        Assert.AreEqual(0, CtlExit.For(RpcCommand.Pid, new RpcReply { Status = "ok", Pid = 1 }));
    }

    [TestMethod]
    public void ProtocolOrReloadErrorIs1()
    {
        Assert.AreEqual(1, CtlExit.For(RpcCommand.Reload, RpcReply.Fail("Reload failed: x")));
        Assert.AreEqual(1, CtlExit.For(RpcCommand.Status, RpcReply.Error("INTERNAL_ERROR", "Internal error")));
    }
}
