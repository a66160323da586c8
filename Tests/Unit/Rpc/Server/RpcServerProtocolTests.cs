using System.Diagnostics;
using System.Text;
using Supervice.Rpc.Messages;
using Supervice.Rpc.Server;
using Supervice.Rpc.Wire;

namespace Supervice.Tests.Unit.Rpc.Server;

/// <remarks>In-process server: RpcServer binds under a process-wide umask(0177) for a moment, which would give a
/// file or directory another test class creates meanwhile the wrong mode; so these run alone.</remarks>
[TestClass]
[DoNotParallelize]
public class RpcServerProtocolTests
{
    private string _dir = "";
    private string _path = "";
    private FakeBackend _backend = new();
    private RpcServer? _server;

    [TestInitialize]
    public void Init()
    {
        _dir = SocketKit.TempDir();
        _path = Path.Combine(_dir, "s.sock");
        _backend = new FakeBackend();
        _server = SocketKit.StartServer(_path, _backend);
    }

    [TestCleanup]
    public void Cleanup() { _server?.Dispose(); Directory.Delete(_dir, true); }

    [TestMethod]
    public void OriginalPythonClientGetsOriginalShapedReplies()
    {
        if (!File.Exists(SocketKit.SystemPython)) Assert.Inconclusive("no /usr/bin/python3 here");
        var status = SocketKit.RunPython([], _path, "{\"command\": \"status\"}");
        Assert.AreEqual(0, status.Exit, status.Stderr);
        StringAssert.Contains(status.Stdout, "'status': 'ok', 'processes': [{'name': 'web', 'state': 'RUNNING', 'pid': 101, 'uptime': 65");
        StringAssert.Contains(status.Stdout, "{'name': 'worker', 'state': 'STOPPED', 'pid': None");
        var start = SocketKit.RunPython([], _path, "{\"command\": \"start\", \"name\": \"web\"}");
        StringAssert.StartsWith(start.Stdout, "{'status': 'ok', 'message': 'Started web'");
        var missing = SocketKit.RunPython([], _path, "{\"command\": \"stop\", \"name\": \"nope\"}");
        StringAssert.StartsWith(missing.Stdout, "{'status': 'error', 'message': 'Process not found'");
    }

    [TestMethod]
    public void RawFramesAsTheOriginalSendsThemAreAnswered()
    {
        var reply = SocketKit.Exchange(_path, SocketKit.PythonFrame("{\"command\": \"reload\"}"));
        StringAssert.StartsWith(reply, "{\"status\":\"ok\",\"added\":[\"new\"],\"removed\":[],\"changed\":[\"web\"]");
        var req = _backend.Received.Single();
        Assert.AreEqual(RpcCommand.Reload, req.Command);
    }

    [TestMethod]
    public void MalformedFramesGetTheOriginalsErrorCodes()
    {
        StringAssert.Contains(SocketKit.Exchange(_path, Framing.Encode([])), "\"code\":\"EMPTY_REQUEST\"");
        StringAssert.Contains(SocketKit.Exchange(_path, Framing.Encode("{nope"u8)), "\"code\":\"INVALID_JSON\"");
        StringAssert.Contains(SocketKit.Exchange(_path, Framing.Encode([0xff, 0xfe])), "\"code\":\"INTERNAL_ERROR\"");
        StringAssert.Contains(SocketKit.Exchange(_path, SocketKit.PythonFrame("[1]")), "\"code\":\"INVALID_REQUEST\"");
        StringAssert.Contains(SocketKit.Exchange(_path, SocketKit.PythonFrame("{\"command\": \"frobnicate\"}")),
            "{\"status\":\"error\",\"code\":\"UNKNOWN_COMMAND\",\"message\":\"Unknown command: frobnicate\"}");
        var random = new byte[4096];
        new Random(7).NextBytes(random);
        Assert.IsNotNull(SocketKit.Exchange(_path, Framing.Encode(random)));
        Assert.AreEqual(0, _backend.Received.Count);
    }

    [TestMethod]
    public void OversizedLengthIsRefusedWithoutReadingTheBody()
        => Assert.AreEqual("{\"status\":\"error\",\"code\":\"INTERNAL_ERROR\",\"message\":\"Message too large: 2000000 bytes (max 1048576)\"}",
            SocketKit.Exchange(_path, [0x00, 0x1e, 0x84, 0x80]));

    [TestMethod]
    public void BackendExceptionBecomesAPlainInternalError()
    {
        _backend.Throw = true;
        var reply = SocketKit.Exchange(_path, SocketKit.PythonFrame("{\"command\": \"status\"}"));
        Assert.AreEqual("{\"status\":\"error\",\"code\":\"INTERNAL_ERROR\",\"message\":\"Internal error\"}", reply);
    }

    [TestMethod]
    public void ClientClosingMidFrameGetsNoReplyAndServerKeepsServing()
    {
        using (var s = SocketKit.Connect(_path)) s.Send([0, 0, 0, 50, (byte)'{']);
        StringAssert.Contains(SocketKit.Exchange(_path, SocketKit.PythonFrame("{\"command\": \"status\"}")), "\"status\":\"ok\"");
    }

    [TestMethod]
    public void TailFollowStreamsFramesUntilTheClientCloses()
    {
        var s = SocketKit.Connect(_path);
        s.Send(SocketKit.PythonFrame("{\"command\":\"tail\",\"names\":[\"web\"],\"follow\":true}"));
        StringAssert.Contains(SocketKit.ReadReply(s), "\"data\":\"backlog\\n\"");
        _backend.TailFeed.Writer.TryWrite("more\n");
        StringAssert.Contains(SocketKit.ReadReply(s), "\"data\":\"more\\n\"");
        s.Dispose();
        Assert.IsTrue(_backend.StreamEnded.Task.Wait(5000), "the backend stream was not cancelled when the client closed");
    }

    [TestMethod]
    public void SilentClientIsDroppedAfterFiveSecondsWithoutBlockingOthers()
    {
        using var silent = SocketKit.Connect(_path);
        var sw = Stopwatch.StartNew();
        StringAssert.Contains(SocketKit.Exchange(_path, SocketKit.PythonFrame("{\"command\": \"status\"}")), "\"status\":\"ok\"");
        // Ordering, not a stopwatch: the other client was served while the silent one was still connected.
        Assert.IsFalse(silent.Poll(0, System.Net.Sockets.SelectMode.SelectRead), "another client waited on the silent one");
        var reply = SocketKit.ReadReply(silent); // ReceiveTimeout 10 s: a server that never drops it fails here
        Assert.IsGreaterThan(4500, sw.ElapsedMilliseconds, "dropped before the 5 s request timeout");
        StringAssert.Contains(reply, "\"code\":\"TIMEOUT\"");
        Assert.AreEqual(0, silent.Receive(new byte[1]), "connection still open after the timeout");
    }

    [TestMethod]
    public void SixtyFifthConnectionIsRefusedWithTooManyConnections()
    {
        var held = Enumerable.Range(0, 64).Select(_ => SocketKit.Connect(_path)).ToList();
        try
        {
            Supervice.Tests.EndToEnd.Wait.Until(() => _server!.ActiveConnections >= 64, 30, "64 connections to be accepted");
            Assert.AreEqual(64, _server!.ActiveConnections);
            using var extra = SocketKit.Connect(_path);
            StringAssert.Contains(SocketKit.ReadReply(extra), "\"code\":\"TOO_MANY_CONNECTIONS\"");
        }
        finally { foreach (var h in held) h.Dispose(); }
        Supervice.Tests.EndToEnd.Wait.Until(() => _server.ActiveConnections == 0, 30, "the held connections to be released");
        StringAssert.Contains(SocketKit.Exchange(_path, SocketKit.PythonFrame("{\"command\": \"status\"}")), "\"status\":\"ok\"");
    }

    [TestMethod]
    public void NonAsciiNamesRoundTrip()
    {
        _backend.Processes = [new() { Name = "wéb", State = "RUNNING", Pid = 1 }];
        var reply = SocketKit.Exchange(_path, SocketKit.PythonFrame("{\"command\": \"status\"}"))!;
        var parsed = System.Text.Json.JsonSerializer.Deserialize(Encoding.UTF8.GetBytes(reply), RpcJsonContext.Default.RpcReply)!;
        Assert.AreEqual("wéb", parsed.Processes!.Value[0].Name);
    }
}
