using System.Text;
using System.Text.Json;
using Supervice.Rpc.Client;
using Supervice.Rpc.Messages;
using Supervice.Rpc.Server;
using Supervice.Rpc.Wire;

namespace Supervice.Tests.Unit.Rpc.Client;

/// <summary>The ctl client's hand-written reply reader and request writer against the serializer and the parser.</summary>
[TestClass]
public class ReplyReaderTests
{
    private static byte[] Wire(RpcReply r) => RpcServer.Serialize(r).AsSpan(4).ToArray();

    private static string Again(RpcReply r) => Encoding.UTF8.GetString(Wire(r));

    private static readonly RpcReply Full = new()
    {
        Status = "error", Code = "BAD", Message = "m \"q\" \\ é\n", NotFound = ["x", "y"], Added = ["a"], Removed = [], Changed = ["c"],
        Restarted = ["r"], DryRun = true, Pid = 42, Version = "0.5.0", Data = "line1\nline2\u0001", Offset = 1L << 40,
        Daemon = new DaemonStats { Version = "0.5.0", StartTime = 1764752400.25, SpawnsTotal = 7, LogWriteErrorsTotal = 1 },
        Results = [new() { Name = "w", Ok = false, Message = "spawn error", State = "FATAL", Pid = 0 }, new() { Name = "v", Ok = true }],
        Processes =
        [
            new() { Name = "a", State = "STOPPED" },
            new()
            {
                Name = "b", State = "RUNNING", Pid = 7, Uptime = 3, Healthy = true, Group = "g", Description = "d", HasHealthcheck = true,
                Health = "OK", Info = "exited 1 (3s ago)", ExitCode = 1, SpawnError = "e", Containment = "cgroup", Start = 10, Stop = 11,
                StdoutLogfile = "/o", StderrLogfile = "/e", Restarts = 2, Attempt = 1, NextStart = 12, LastOutput = ["l1", "l2"],
                CpuSeconds = 0.5, CpuPercent = 12.25, RssBytes = 123456789, StartTime = 99.5, Autostart = false, Ready = true,
            },
        ],
    };

    [TestMethod]
    public void EveryFieldReadsBackAsTheSerializerWroteIt()
    {
        var wire = Wire(Full);
        Assert.AreEqual(Encoding.UTF8.GetString(wire), Again(ReplyReader.Read(wire)));
        Assert.AreEqual(Again(JsonSerializer.Deserialize(wire, RpcJsonContext.Default.RpcReply)!), Again(ReplyReader.Read(wire)));
    }

    [TestMethod]
    public void RealRepliesReadBackUnchanged()
    {
        foreach (var r in new[] { RpcReply.Ok(), RpcReply.Ok("done"), RpcReply.Fail("Process not found"), RpcReply.Error("EMPTY_REQUEST", "Empty request"),
                     RpcReply.NoSuchName(["x"]), RpcReply.StatusOf([]), RpcReply.Chunk("") })
            Assert.AreEqual(Again(r), Again(ReplyReader.Read(Wire(r))));
    }

    [TestMethod]
    public void UnknownKeysAndConfigInfoAreSkipped()
    {
        var json = "{\"future\":{\"a\":[1,{\"b\":null}]},\"status\":\"ok\",\"config_info\":[{\"name\":\"x\",\"group\":\"x\",\"command\":\"c\"}],"
            + "\"processes\":[{\"name\":\"a\",\"state\":\"RUNNING\",\"pid\":null,\"new\":true}],\"pid\":null}";
        var r = ReplyReader.Read(Encoding.UTF8.GetBytes(json));
        Assert.AreEqual("{\"status\":\"ok\",\"processes\":[{\"name\":\"a\",\"state\":\"RUNNING\",\"pid\":null}]}", Again(r));
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("null")]
    [DataRow("[]")]
    [DataRow("{}")]
    [DataRow("{\"message\":\"no status\"}")]
    [DataRow("{\"status\":1}")]
    [DataRow("{\"status\":\"ok\",\"pid\":\"7\"}")]
    [DataRow("{\"status\":\"ok\",\"pid\":1.5}")]
    [DataRow("{\"status\":\"ok\",\"pid\":99999999999}")]
    [DataRow("{\"status\":\"ok\",\"dry_run\":1}")]
    [DataRow("{\"status\":\"ok\",\"processes\":{}}")]
    [DataRow("{\"status\":\"ok\",\"processes\":[{\"state\":\"RUNNING\"}]}")]
    [DataRow("{\"status\":\"ok\",\"results\":[{\"name\":\"a\"}]}")]
    [DataRow("{\"status\":\"ok\",\"not_found\":[1]}")]
    [DataRow("{\"status\":\"ok\"")]
    [DataRow("{\"status\":\"ok\"} x")]
    [DataRow("{\"status\":\"ok\",}")]
    public void MalformedRepliesAreJsonErrorsLikeTheSerializers(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        Assert.Throws<JsonException>(() => ReplyReader.Read(bytes), "reader: " + json);
        Assert.IsTrue(Throws(() => JsonSerializer.Deserialize(bytes, RpcJsonContext.Default.RpcReply)), "serializer: " + json);
    }

    private static bool Throws(Func<RpcReply?> f)
    {
        try { return f() is null; }
        catch (JsonException) { return true; }
    }

    [TestMethod]
    public void RequestsKeepTheirBytesAndEscapeNames()
    {
        Assert.AreEqual("{\"command\":\"status\"}", Encoding.UTF8.GetString(RequestWriter.Write(new RpcRequest(RpcCommand.Status))));
        Assert.AreEqual("{\"command\":\"tail\",\"names\":[\"web\"],\"stream\":\"stderr\",\"lines\":7,\"follow\":true}",
            Encoding.UTF8.GetString(RequestWriter.Write(new RpcRequest(RpcCommand.Tail) { Names = ["web"], Stream = TailStream.Stderr, Lines = 7, Follow = true })));
        string[] odd = ["q\"uote", "back\\slash", "new\nline", "tab\t", "bell\u0007", "é ü 日本", "</script>&'", ""];
        var req = new RpcRequest(RpcCommand.Restart) { Names = [.. odd], Force = true, DryRun = true, Stats = true };
        var back = RequestParser.Parse(RequestWriter.Write(req)).Request!;
        CollectionAssert.AreEqual(odd, back.Names.ToArray());
        Assert.IsTrue(back.Force);
    }

    [TestMethod]
    public void EscapedLongAndNonAsciiKeysAndValuesReadAsTheSerializerReadsThem()
    {
        var json = "{\"st\\u0061tus\":\"ok\",\"processes\":[{\"\\u006eame\":\"w\\u00e9b\\\"1\",\"state\":\"RUNNING\",\"pid\":3,"
            + "\"gr\\/oup\":\"x\",\"group\":\"日本\",\"info\":\"a\\nb\",\"" + new string('k', 40) + "\":1,\"nämé\":2,\"containment\":\"\"}]}";
        var bytes = Encoding.UTF8.GetBytes(json);
        var r = ReplyReader.Read(bytes);
        Assert.AreEqual(Again(JsonSerializer.Deserialize(bytes, RpcJsonContext.Default.RpcReply)!), Again(r));
        var p = r.Processes!.Value[0];
        Assert.AreEqual("wéb\"1", p.Name);
        Assert.AreEqual("日本", p.Group);
        Assert.AreEqual("a\nb", p.Info);
        Assert.AreEqual("", p.Containment);
    }
}
