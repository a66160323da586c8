using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Supervice.Tests.EndToEnd;

/// <summary>The real daemon driven with raw frames exactly as the original's Python supervicectl sends them:
/// `struct.pack('>I', len(data)) + data` with `data = json.dumps(request).encode()` (", " and ": " separators),
/// one request per connection.</summary>
[TestClass]
public class WireTests
{
    private static JsonElement Send(string socket, byte[] payload, int? declaredLength = null)
    {
        using var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        s.Connect(new UnixDomainSocketEndPoint(socket));
        var header = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(header, (uint)(declaredLength ?? payload.Length));
        s.Send(header);
        if (declaredLength is null || declaredLength <= 1 << 20) s.Send(payload);
        var lenBuf = ReadExactly(s, 4);
        var body = ReadExactly(s, (int)BinaryPrimitives.ReadUInt32BigEndian(lenBuf));
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static JsonElement Request(string socket, string pythonJson) => Send(socket, Encoding.UTF8.GetBytes(pythonJson));

    private static byte[] ReadExactly(Socket s, int n)
    {
        var buf = new byte[n];
        int got = 0;
        while (got < n)
        {
            int r = s.Receive(buf, got, n - got, SocketFlags.None);
            if (r == 0) throw new IOException("connection closed early");
            got += r;
        }
        return buf;
    }

    [TestMethod]
    public void OriginalClientCommandsKeepTheirShapes()
    {
        using var d = new Daemon("[program:web]\ncommand = sleep 1000\nstartsecs = 0\n[program:w]\ncommand = sleep 1000\nstartsecs = 0\nautostart = false\n[group:g]\nprograms = w\n");
        d.WaitState("web", "RUNNING");

        var status = Request(d.Socket, "{\"command\": \"status\"}");
        Assert.AreEqual("ok", status.GetProperty("status").GetString());
        var web = status.GetProperty("processes").EnumerateArray().First(p => p.GetProperty("name").GetString() == "web");
        Assert.AreEqual("RUNNING", web.GetProperty("state").GetString());
        Assert.AreEqual(JsonValueKind.Number, web.GetProperty("pid").ValueKind);
        var w = status.GetProperty("processes").EnumerateArray().First(p => p.GetProperty("name").GetString() == "w");
        Assert.AreEqual(JsonValueKind.Null, w.GetProperty("pid").ValueKind, "pid is null, not absent, when not running");

        Assert.AreEqual("Stopped web", Request(d.Socket, "{\"command\": \"stop\", \"name\": \"web\"}").GetProperty("message").GetString());
        Assert.AreEqual("Started web", Request(d.Socket, "{\"command\": \"start\", \"name\": \"web\"}").GetProperty("message").GetString());
        Assert.AreEqual("web is already running", Request(d.Socket, "{\"command\": \"start\", \"name\": \"web\"}").GetProperty("message").GetString());
        Assert.AreEqual("Restarted web", Request(d.Socket, "{\"command\": \"restart\", \"name\": \"web\", \"force\": true}").GetProperty("message").GetString());
        Assert.AreEqual("Started group g", Request(d.Socket, "{\"command\": \"startgroup\", \"name\": \"g\"}").GetProperty("message").GetString());
        Assert.AreEqual("Stopped group g", Request(d.Socket, "{\"command\": \"stopgroup\", \"name\": \"g\"}").GetProperty("message").GetString());

        var missing = Request(d.Socket, "{\"command\": \"start\", \"name\": \"nope\"}");
        Assert.AreEqual("error", missing.GetProperty("status").GetString());
        Assert.AreEqual("Process not found", missing.GetProperty("message").GetString());
        Assert.IsFalse(missing.TryGetProperty("code", out _), "command-level errors carry no code");
        Assert.AreEqual("Group not found", Request(d.Socket, "{\"command\": \"startgroup\", \"name\": \"nope\"}").GetProperty("message").GetString());

        var reload = Request(d.Socket, "{\"command\": \"reload\"}");
        Assert.AreEqual("ok", reload.GetProperty("status").GetString());
        Assert.AreEqual(0, reload.GetProperty("added").GetArrayLength());
        Assert.AreEqual(0, reload.GetProperty("removed").GetArrayLength());
        Assert.AreEqual(0, reload.GetProperty("changed").GetArrayLength());
    }

    private static void AssertCode(string expected, JsonElement reply, string what)
        => Assert.AreEqual(expected, reply.TryGetProperty("code", out var c) ? c.GetString() : null, $"{what}: {reply}");

    [TestMethod]
    public void GarbageFramesGetTheOriginalErrorCodes()
    {
        using var d = new Daemon("[program:web]\ncommand = sleep 1000\n");
        AssertCode("EMPTY_REQUEST", Send(d.Socket, []), "empty frame");
        AssertCode("INVALID_JSON", Request(d.Socket, "{not json"), "bad JSON");
        AssertCode("INVALID_REQUEST", Request(d.Socket, "[1, 2]"), "not an object");
        AssertCode("UNKNOWN_COMMAND", Request(d.Socket, "{\"command\": \"frobnicate\"}"), "unknown command");
        AssertCode("UNKNOWN_COMMAND", Request(d.Socket, "{\"name\": \"web\"}"), "no command");
        var tooBig = Send(d.Socket, [], declaredLength: (1 << 20) + 1);
        AssertCode("INTERNAL_ERROR", tooBig, "oversized length");
        StringAssert.Contains(tooBig.GetProperty("message").GetString(), "Message too large: 1048577 bytes (max 1048576)");
        var badUtf8 = Send(d.Socket, [0xff, 0xfe, 0x7b]);
        Assert.AreEqual("error", badUtf8.GetProperty("status").GetString(), badUtf8.ToString());
        Assert.IsFalse(badUtf8.GetProperty("message").GetString()!.Contains("   at "), "no .NET stack text");
        var status = Request(d.Socket, "{\"command\": \"status\"}");
        Assert.AreEqual("ok", status.GetProperty("status").GetString(), $"still answering: {status}");
    }

    [TestMethod]
    public void SilentClientIsDroppedWithoutBlockingOthers()
    {
        using var d = new Daemon("[program:web]\ncommand = sleep 1000\n");
        using var silent = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        silent.Connect(new UnixDomainSocketEndPoint(d.Socket));
        silent.Send([0, 0]); // half a length prefix, then nothing
        var started = DateTime.UtcNow;
        var r = d.Ctl("status");
        // SPEC §1.1: web is STARTING or RUNNING, so status exits 0 (3 would mean STOPPED/EXITED/FATAL, 4 no daemon).
        Assert.AreEqual(0, r.ExitCode, r.Stdout + r.Stderr);
        // Answered while the silent client is still connected: a status queued behind it would only have been served
        // after its 5 s request timeout had dropped it (ordering, not a stopwatch).
        Assert.IsFalse(silent.Poll(0, SelectMode.SelectRead), "the silent client was dropped before status was answered");
        silent.ReceiveTimeout = 10_000;
        var buf = new byte[256];
        int n;
        try { n = silent.Receive(buf); } catch (SocketException) { n = 0; }
        // Dropped after the 5 s request timeout: either closed (0) or closed after an error frame.
        Assert.IsTrue(DateTime.UtcNow - started >= TimeSpan.FromSeconds(4), "dropped too early");
        if (n > 0) Assert.AreEqual(0, silent.Receive(buf), "the connection is closed after the error frame");
    }

    [TestMethod]
    public void PeerWithAnotherUidIsRefused()
    {
        if (!File.ReadAllText("/proc/self/status").Contains("Uid:\t0\t")) Assert.Inconclusive("needs root to run a client as nobody");
        if (!File.Exists("/usr/bin/setpriv")) Assert.Inconclusive("needs setpriv to run a client as nobody");
        using var d = new Daemon("[program:web]\ncommand = sleep 1000\n", "socket_mode = 0666\n");
        File.SetUnixFileMode(d.Dir, (UnixFileMode)Convert.ToInt32("755", 8));
        var psi = new System.Diagnostics.ProcessStartInfo("/usr/bin/setpriv") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "--reuid", "nobody", "--regid", "nogroup", "--clear-groups", Bin.Path, "ctl", "-s", d.Socket, "--json", "status" }) psi.ArgumentList.Add(a);
        using var p = System.Diagnostics.Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit(10_000);
        Assert.AreNotEqual(0, p.ExitCode, output);
        StringAssert.Contains(output, "PERMISSION_DENIED");
        Assert.AreEqual(0, d.Ctl("status", "web").ExitCode is 0 or 3 ? 0 : 1, "root is still served");
    }
}
