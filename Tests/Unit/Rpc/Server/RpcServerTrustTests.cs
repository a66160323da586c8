using System.Collections.Concurrent;
using System.Diagnostics;
using Supervice.Rpc.Server;

namespace Supervice.Tests.Unit.Rpc.Server;

/// <summary>SPEC §13: peers that SO_PEERCRED refuses are closed at once, never hold one of the 64 slots, and are
/// logged at most once per interval per uid (0.5.0: 130 connections of uid 65534 on a 0666 socket locked root out
/// and wrote 256 warnings).</summary>
[TestClass]
// The server binds under a process-wide umask (the daemon does it once, before any other thread creates files): in
// this shared test host a class running beside it could create its files and directories under that umask.
[DoNotParallelize]
public class RpcServerTrustTests
{
    private string _dir = "";

    [TestInitialize]
    public void Init() => _dir = SocketKit.TempDir();

    [TestCleanup]
    public void Cleanup() => Directory.Delete(_dir, true);

    /// <summary>As uid 65534: opens `count` connections, sends a request on each, prints `ready` once all are open
    /// and holds them until stdin closes.</summary>
    private const string Holder = """
        import json, socket, struct, sys
        socks = []
        for i in range(int(sys.argv[2])):
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.connect(sys.argv[1])
            try: s.sendall(struct.pack('>I', 21) + b'{"command": "status"}')
            except OSError: pass
            socks.append(s)
        print('ready', flush=True)
        sys.stdin.read()
        """;

    public static Process HoldAsNobody(string socketPath, int count)
    {
        var psi = new ProcessStartInfo("/usr/bin/setpriv") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var a in new[] { "--reuid=65534", "--regid=65534", "--clear-groups", SocketKit.SystemPython, "-c", Holder, socketPath, count.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            psi.ArgumentList.Add(a);
        var p = Process.Start(psi)!;
        var line = p.StandardOutput.ReadLineAsync();
        if (!line.Wait(TimeSpan.FromSeconds(60)) || line.Result != "ready")
        {
            try { p.Kill(true); } catch (InvalidOperationException) { }
            Assert.Fail($"the holder as nobody did not get its connections open: {p.StandardError.ReadToEnd()}");
        }
        return p;
    }

    public static void RequireRootWithSetpriv()
    {
        if (Supervice.Core.Native.Libc.geteuid() != 0) Assert.Inconclusive("needs root to run a client as another user");
        if (!File.Exists("/usr/bin/setpriv")) Assert.Inconclusive("needs /usr/bin/setpriv");
        if (!File.Exists(SocketKit.SystemPython)) Assert.Inconclusive("needs /usr/bin/python3");
    }

    [TestMethod]
    public void RefusedPeersHoldNoSlotAndRootIsServed()
    {
        RequireRootWithSetpriv();
        var path = Path.Combine(_dir, "open.sock");
        var log = new ConcurrentQueue<string>();
        using var server = SocketKit.StartServer(path, new FakeBackend(), new RpcServerOptions { Log = (_, text) => log.Enqueue(text) }, mode: Convert.ToInt32("666", 8));
        using var holder = HoldAsNobody(path, 200); // more than the 64 slots and the 64 overflow places together
        try
        {
            StringAssert.Contains(SocketKit.Exchange(path, SocketKit.PythonFrame("{\"command\": \"status\"}")), "\"status\":\"ok\"");
            Supervice.Tests.EndToEnd.Wait.Until(() => server.ActiveConnections == 0, 10, "no connection counted while uid 65534 holds 200");
            var refusals = log.Where(l => l.StartsWith("RPC connection refused", StringComparison.Ordinal)).ToList();
            Assert.HasCount(1, refusals, string.Join("\n", refusals.Take(5)));
            StringAssert.Contains(refusals[0], "uid 65534");
        }
        finally { holder.StandardInput.Close(); holder.WaitForExit(10_000); }
    }

    [TestMethod]
    public void ARefusedPeerReadsPermissionDeniedAndSeesTheEnd()
    {
        RequireRootWithSetpriv();
        var path = Path.Combine(_dir, "open.sock");
        using var server = SocketKit.StartServer(path, new FakeBackend(), mode: Convert.ToInt32("666", 8));
        const string client = """
            import socket, struct, sys, time
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.settimeout(20)
            s.connect(sys.argv[1])
            try: s.sendall(struct.pack('>I', 21) + b'{"command": "status"}')
            except OSError: pass
            (n,) = struct.unpack('>I', s.recv(4, socket.MSG_WAITALL))
            print(s.recv(n, socket.MSG_WAITALL).decode())
            print('eof' if s.recv(1) == b'' else 'more')
            """;
        var psi = new ProcessStartInfo("/usr/bin/setpriv") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "--reuid=65534", "--regid=65534", "--clear-groups", SocketKit.SystemPython, "-c", client, path }) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEndAsync();
        var errors = p.StandardError.ReadToEndAsync();
        Assert.IsTrue(p.WaitForExit(30_000), "the refused client was kept waiting");
        StringAssert.Contains(output.Result, "PERMISSION_DENIED", errors.Result);
        StringAssert.Contains(output.Result, "eof", errors.Result);
    }

    [TestMethod]
    public void AfterTheIntervalTheNextRefusalIsLoggedWithTheCountInBetween()
    {
        RequireRootWithSetpriv();
        var path = Path.Combine(_dir, "open.sock");
        var log = new ConcurrentQueue<string>();
        var interval = TimeSpan.FromSeconds(1);
        using var server = SocketKit.StartServer(path, new FakeBackend(),
            new RpcServerOptions { Log = (_, text) => log.Enqueue(text), RefusalLogInterval = interval }, mode: Convert.ToInt32("666", 8));
        using (var h = HoldAsNobody(path, 5)) { h.StandardInput.Close(); h.WaitForExit(10_000); }
        // Root is served only once the accept loop has passed every earlier connection: then the log is complete.
        StringAssert.Contains(SocketKit.Exchange(path, SocketKit.PythonFrame("{\"command\": \"status\"}")), "\"status\":\"ok\"");
        Assert.HasCount(1, Refusals(log), string.Join("\n", log));
        var sinceFirst = Stopwatch.StartNew();
        while (sinceFirst.Elapsed <= interval + TimeSpan.FromMilliseconds(100)) Thread.Sleep(50); // a lower bound: the interval has passed
        using (var h = HoldAsNobody(path, 1)) { h.StandardInput.Close(); h.WaitForExit(10_000); }
        StringAssert.Contains(SocketKit.Exchange(path, SocketKit.PythonFrame("{\"command\": \"status\"}")), "\"status\":\"ok\"");
        var lines = Refusals(log);
        Assert.HasCount(2, lines, string.Join("\n", lines));
        StringAssert.Contains(lines[1], "4 more refused since the last report");
    }

    [TestMethod]
    public void ConnectionsOverTheCapAreLoggedOncePerInterval()
    {
        var path = Path.Combine(_dir, "busy.sock");
        var log = new ConcurrentQueue<string>();
        using var server = SocketKit.StartServer(path, new FakeBackend(), new RpcServerOptions { Log = (_, text) => log.Enqueue(text) });
        var held = Enumerable.Range(0, 64).Select(_ => SocketKit.Connect(path)).ToList();
        try
        {
            Supervice.Tests.EndToEnd.Wait.Until(() => server.ActiveConnections == 64, 10, "64 silent connections to be served");
            var extra = Enumerable.Range(0, 30).Select(_ => SocketKit.Connect(path)).ToList();
            held.AddRange(extra);
            foreach (var s in extra) StringAssert.Contains(SocketKit.ReadReply(s), "\"code\":\"TOO_MANY_CONNECTIONS\"");
            var lines = log.Where(l => l.Contains("Too many connections", StringComparison.Ordinal)).ToList();
            Assert.HasCount(1, lines, string.Join("\n", lines.Take(5)));
        }
        finally { foreach (var h in held) h.Dispose(); }
    }

    private static List<string> Refusals(ConcurrentQueue<string> log)
        => log.Where(l => l.StartsWith("RPC connection refused", StringComparison.Ordinal)).ToList();
}
