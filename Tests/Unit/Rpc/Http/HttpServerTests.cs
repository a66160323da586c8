using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Supervice.Rpc.Http;
using Supervice.Rpc.Server;
using Supervice.Tests.Unit.Rpc.Server;
using Wait = Supervice.Tests.EndToEnd.Wait;

namespace Supervice.Tests.Unit.Rpc.Http;

/// <summary>The HTTP side of the real RpcServer (SPEC §12.1) on a scripted backend: one socket, two protocols,
/// keep-alive, the limits, the timeouts, the connection cap, peer credentials, TCP with Basic auth.</summary>
[TestClass]
// The server binds under a process-wide umask (the daemon does it once, before any other thread creates files): in
// this shared test host a class running beside it could create its files and directories under that umask.
[DoNotParallelize]
public class HttpServerTests
{
    private string _dir = null!;

    [TestInitialize] public void Init() => _dir = SocketKit.TempDir();
    [TestCleanup] public void Cleanup() { try { Directory.Delete(_dir, true); } catch (IOException) { } }

    private const string GetState = "<?xml version='1.0'?>\n<methodCall>\n<methodName>supervisor.getState</methodName>\n<params>\n</params>\n</methodCall>\n";

    private static string Post(string body, string extra = "") =>
        $"POST /RPC2 HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/xml\r\n{extra}Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\n\r\n{body}";

    /// <summary>Reads one response (head + Content-Length body); null when the server closed first.</summary>
    private static string? ReadResponse(Socket s)
    {
        var buf = new List<byte>();
        var one = new byte[4096];
        while (true)
        {
            var text = Encoding.UTF8.GetString([.. buf]);
            int end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end >= 0)
            {
                var m = System.Text.RegularExpressions.Regex.Match(text[..end], "Content-Length: (\\d+)");
                int length = m.Success ? int.Parse(m.Groups[1].Value) : 0;
                if (Encoding.UTF8.GetByteCount(text) - end - 4 >= length) return text;
            }
            int n;
            try { n = s.Receive(one); } catch (SocketException) { n = 0; }
            if (n <= 0) return buf.Count == 0 ? null : Encoding.UTF8.GetString([.. buf]);
            buf.AddRange(one.AsSpan(0, n).ToArray());
        }
    }

    private static bool ClosedByPeer(Socket s)
    {
        var one = new byte[1];
        try { return s.Receive(one) == 0; } catch (SocketException) { return true; }
    }

    private RpcServer Start(FakeBackend? backend = null, RpcServerOptions? options = null, string name = "h.sock")
        => SocketKit.StartServer(Path.Combine(_dir, name), backend ?? new FakeBackend(), options);

    [TestMethod]
    public void HttpAndJsonFramesShareTheSocket()
    {
        using var server = Start();
        using var s = SocketKit.Connect(server.SocketPath);
        s.Send(Encoding.UTF8.GetBytes(Post(GetState)));
        var reply = ReadResponse(s)!;
        StringAssert.StartsWith(reply, "HTTP/1.1 200 OK\r\n");
        StringAssert.Contains(reply, "<name>statename</name>\n<value><string>RUNNING</string></value>");
        StringAssert.Contains(SocketKit.Exchange(server.SocketPath, SocketKit.PythonFrame("{\"command\": \"status\"}")), "\"status\":\"ok\"");
    }

    [TestMethod]
    public void KeepAliveServesRequestsInTurnOnOneConnection()
    {
        using var server = Start();
        using var s = SocketKit.Connect(server.SocketPath);
        for (int i = 0; i < 3; i++)
        {
            s.Send(Encoding.UTF8.GetBytes(Post(GetState)));
            StringAssert.StartsWith(ReadResponse(s), "HTTP/1.1 200 OK\r\n", $"request {i}");
        }
        s.Send(Encoding.UTF8.GetBytes(Post(GetState, "Connection: close\r\n")));
        StringAssert.Contains(ReadResponse(s), "Connection: close");
        Assert.IsTrue(ClosedByPeer(s));
    }

    [TestMethod]
    [DataRow("GET /nope HTTP/1.1\r\n\r\n", "HTTP/1.1 404 ")]
    [DataRow("GET /RPC2 HTTP/1.1\r\n\r\n", "HTTP/1.1 405 ")]
    [DataRow("POST /RPC2 HTTP/1.1\r\nContent-Length: 0\r\n\r\n", "HTTP/1.1 400 ")]
    [DataRow("POST /RPC2 HTTP/1.1\r\nContent-Length: 9\r\n\r\nnot xml!!", "HTTP/1.1 400 ")]
    [DataRow("POST /RPC2 HTTP/1.1\r\nContent-Length: 2000000\r\n\r\n", "HTTP/1.1 413 ")]
    [DataRow("PATCH / HTTP/1.1\r\n\r\n", "HTTP/1.1 501 ")]
    [DataRow("HELLO\r\n\r\n", "HTTP/1.1 400 ")]
    public void BadRequestsGetAStatusAndNoDotNetText(string request, string status)
    {
        using var server = Start();
        using var s = SocketKit.Connect(server.SocketPath);
        s.Send(Encoding.Latin1.GetBytes(request));
        var reply = ReadResponse(s)!;
        StringAssert.StartsWith(reply, status);
        Assert.DoesNotContain("Exception", reply);
        Assert.DoesNotContain("   at ", reply);
    }

    [TestMethod]
    public void HeadOver16KiBIs431AndClosed()
    {
        using var server = Start();
        using var s = SocketKit.Connect(server.SocketPath);
        s.Send(Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nX: " + new string('a', 17 * 1024)));
        StringAssert.StartsWith(ReadResponse(s), "HTTP/1.1 431 ");
        Assert.IsTrue(ClosedByPeer(s));
    }

    [TestMethod]
    public void ARequestNotCompleteInTimeIs408AndClosed()
    {
        using var server = Start(options: new RpcServerOptions { Http = new HttpServerOptions { RequestTimeout = TimeSpan.FromMilliseconds(300) } });
        using var s = SocketKit.Connect(server.SocketPath);
        s.Send(Encoding.ASCII.GetBytes("POST /RPC2 HTTP/1.1\r\nContent-Length: 100\r\n\r\nabc"));
        var clock = Stopwatch.StartNew();
        StringAssert.StartsWith(ReadResponse(s), "HTTP/1.1 408 ");
        Assert.IsGreaterThanOrEqualTo(250, clock.ElapsedMilliseconds, "answered 408 before the request timeout");
        Assert.IsTrue(ClosedByPeer(s));
    }

    [TestMethod]
    public void AnIdleKeepAliveConnectionIsClosedAfterTheIdleTimeout()
    {
        using var server = Start(options: new RpcServerOptions { Http = new HttpServerOptions { IdleTimeout = TimeSpan.FromMilliseconds(400) } });
        using var s = SocketKit.Connect(server.SocketPath);
        s.Send(Encoding.UTF8.GetBytes(Post(GetState)));
        StringAssert.StartsWith(ReadResponse(s), "HTTP/1.1 200 OK");
        var clock = Stopwatch.StartNew();
        Assert.IsTrue(ClosedByPeer(s), "the idle connection was not closed");
        Assert.IsGreaterThanOrEqualTo(350, clock.ElapsedMilliseconds, "closed before the idle timeout");
        Wait.Until(() => server.ActiveConnections == 0, 10, "the idle connection to give its slot back");
    }

    [TestMethod]
    public void HttpConnectionsCountInTheCap()
    {
        using var server = Start(options: new RpcServerOptions { MaxConnections = 1 });
        using var held = SocketKit.Connect(server.SocketPath);
        held.Send(Encoding.UTF8.GetBytes(Post(GetState)));
        StringAssert.StartsWith(ReadResponse(held), "HTTP/1.1 200 OK");   // still open: keep-alive
        Wait.Until(() => server.ActiveConnections == 1, 10, "the keep-alive connection to be counted");
        using var second = SocketKit.Connect(server.SocketPath);
        second.Send(Encoding.UTF8.GetBytes(Post(GetState)));
        StringAssert.StartsWith(ReadResponse(second), "HTTP/1.1 503 ");
    }

    [TestMethod]
    public void LogtailStreamsChunksUntilTheClientGoes()
    {
        var backend = new FakeBackend();
        using var server = Start(backend);
        using var s = SocketKit.Connect(server.SocketPath);
        s.Send(Encoding.ASCII.GetBytes("GET /logtail/g:web/stdout HTTP/1.1\r\nHost: localhost\r\n\r\n"));
        backend.TailFeed.Writer.TryWrite("line two\n");
        var text = new StringBuilder();
        var buf = new byte[4096];
        Wait.Until(() => { int n = s.Receive(buf); text.Append(Encoding.UTF8.GetString(buf, 0, n)); return text.ToString().Contains("line two"); }, 10, $"the streamed chunk: {text}");
        StringAssert.Contains(text.ToString(), "Transfer-Encoding: chunked");
        s.Dispose();
        Assert.IsTrue(backend.StreamEnded.Task.Wait(TimeSpan.FromSeconds(10)), "the stream did not end when the client went away");
    }

    [TestMethod]
    public void OverTcpWrongCredentialsAre401AndLoggedOncePerAddress()
    {
        var log = new ConcurrentQueue<string>();
        using var server = Start(options: new RpcServerOptions
        {
            Inet = new Supervice.Config.Model.InetHttpServer("127.0.0.1", 0, "user", "{SHA}40bd001563085fc35165329ea1ff5c5ecbdbbeef"),
            Log = (_, line) => log.Enqueue(line),
        });
        var port = ((IPEndPoint)server.TcpEndPoint!).Port;
        string Ask(string? auth)
        {
            using var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveTimeout = 10_000 };
            s.Connect(IPAddress.Loopback, port);
            s.Send(Encoding.UTF8.GetBytes(Post(GetState, auth is null ? "" : $"Authorization: Basic {Convert.ToBase64String(Encoding.UTF8.GetBytes(auth))}\r\n")));
            return ReadResponse(s)!;
        }
        StringAssert.StartsWith(Ask("user:123"), "HTTP/1.1 200 OK");
        for (int i = 0; i < 5; i++) StringAssert.StartsWith(Ask(i % 2 == 0 ? "user:wrong" : null), "HTTP/1.1 401 ");
        StringAssert.Contains(Ask("user:nope"), "WWW-Authenticate: Basic");
        Assert.HasCount(1, log.Where(l => l.Contains("wrong or missing credentials")).ToList(), string.Join("\n", log));
    }

    [TestMethod]
    public void APeerRefusedBySoPeercredGetsNoHttpAnswer()
    {
        RpcServerTrustTests.RequireRootWithSetpriv();
        using var server = SocketKit.StartServer(Path.Combine(_dir, "open.sock"), new FakeBackend(), null, mode: Convert.ToInt32("666", 8));
        var psi = new ProcessStartInfo("/usr/bin/setpriv") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "--reuid=65534", "--regid=65534", "--clear-groups", SocketKit.SystemPython, "-c",
                     "import socket,sys\ns=socket.socket(socket.AF_UNIX)\ns.connect(sys.argv[1])\ns.settimeout(10)\nd=b''\ntry: s.sendall(b'GET /mainlogtail HTTP/1.1\\r\\n\\r\\n')\nexcept OSError: pass\ntry:\n  while True:\n    c=s.recv(4096)\n    if not c: break\n    d+=c\nexcept OSError as e: d+=repr(e).encode()\nprint(repr(d))",
                     server.SocketPath })
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        Assert.IsTrue(p.WaitForExit(20_000));
        Assert.DoesNotContain("HTTP/1.1", output);
        StringAssert.Contains(output, "PERMISSION_DENIED");
    }
}
