using System.Text;
using System.Text.Json;
using Supervice.Rpc.Messages;
using Supervice.Rpc.Server;

namespace Supervice.Tests.Unit.Rpc.Wire;

[TestClass]
public class ReplyWireTests
{
    private static string Json(RpcReply r) => Encoding.UTF8.GetString(RpcServer.Serialize(r).AsSpan(4));

    [TestMethod]
    public void ReloadReplyHasTheOriginalsKeysInOrder()
        => Assert.AreEqual("{\"status\":\"ok\",\"added\":[],\"removed\":[],\"changed\":[]}",
            Json(new RpcReply { Status = "ok", Added = [], Removed = [], Changed = [] }));

    [TestMethod]
    public void ErrorReplyIsStatusCodeMessage()
        => Assert.AreEqual("{\"status\":\"error\",\"code\":\"EMPTY_REQUEST\",\"message\":\"Empty request\"}",
            Json(RpcReply.Error("EMPTY_REQUEST", "Empty request")));

    [TestMethod]
    public void CommandLevelErrorHasNoCode()
        => Assert.AreEqual("{\"status\":\"error\",\"message\":\"Process not found\",\"not_found\":[\"x\"]}", Json(RpcReply.NoSuchName(["x"], "Process not found")));

    [TestMethod]
    public void StatusRowAlwaysCarriesPidAndOmitsUnknownUptimeAndHealth()
    {
        var json = Json(RpcReply.StatusOf([new() { Name = "a", State = "STOPPED" }, new() { Name = "b", State = "RUNNING", Pid = 7, Uptime = 3, Healthy = true }]));
        Assert.AreEqual("{\"status\":\"ok\",\"processes\":[{\"name\":\"a\",\"state\":\"STOPPED\",\"pid\":null},"
            + "{\"name\":\"b\",\"state\":\"RUNNING\",\"pid\":7,\"uptime\":3,\"healthy\":true}]}", json);
    }

    [TestMethod]
    public void RepliesRoundTripThroughTheSourceGeneratedContext()
    {
        var r = new RpcReply { Status = "ok", Results = [new() { Name = "w", Ok = false, Message = "spawn error", State = "FATAL" }] };
        var back = JsonSerializer.Deserialize(RpcServer.Serialize(r).AsSpan(4), RpcJsonContext.Default.RpcReply)!;
        Assert.AreEqual("spawn error", back.Results!.Value[0].Message);
        Assert.AreEqual("FATAL", back.Results!.Value[0].State);
    }
}
