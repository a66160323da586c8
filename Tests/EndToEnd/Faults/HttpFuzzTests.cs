using System.Net.Sockets;
using System.Text;
using Supervice.Tests.Fuzz;

namespace Supervice.Tests.EndToEnd.Faults;

/// <summary>Hostile HTTP and XML-RPC over the daemon's real socket: no crash, no stack trace, and the daemon keeps
/// answering both protocols.</summary>
[TestClass]
public class HttpFuzzTests
{
    private static readonly string[] Bodies =
    [
        "<?xml version='1.0'?><methodCall><methodName>supervisor.getAllProcessInfo</methodName></methodCall>",
        "<methodCall><methodName>supervisor.getProcessInfo</methodName><params><param><value><string>web</string></value></param></params></methodCall>",
        "<methodCall><methodName>system.multicall</methodName><params><param><value><array><data><value><struct><member><name>methodName</name><value>supervisor.getState</value></member></struct></value></data></array></value></param></params></methodCall>",
        "<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;\">]><methodCall><methodName>&lol2;</methodName></methodCall>",
        "<methodCall><methodName>supervisor.readProcessStdoutLog</methodName><params><param><value><string>web</string></value></param><param><value><int>-100</int></value></param><param><value><int>0</int></value></param></params></methodCall>",
    ];

    [TestMethod]
    public void HostileHttpNeverCrashesTheDaemon()
    {
        int count = FuzzBudget.Count(400, 5_000);
        int seed = FuzzBudget.Seed(nameof(HostileHttpNeverCrashesTheDaemon));
        var rng = new Random(seed);
        using var d = new Daemon("[program:web]\ncommand = /bin/sh -c 'echo hi; exec sleep 1000'\nstartsecs = 0\n");
        d.WaitState("web", "RUNNING");
        var statuses = new Dictionary<string, int>();
        for (int i = 0; i < count; i++)
        {
            var body = Bodies[rng.Next(Bodies.Length)];
            var bytes = new List<byte>(Encoding.UTF8.GetBytes(body));
            for (int e = rng.Next(0, 4); e > 0 && bytes.Count > 0; e--)
            {
                int at = rng.Next(bytes.Count);
                if (rng.Next(2) == 0) bytes[at] = (byte)rng.Next(256); else bytes.RemoveRange(at, Math.Min(bytes.Count - at, rng.Next(1, 12)));
            }
            var head = rng.Next(10) switch
            {
                0 => $"POST /RPC2 HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n{bytes.Count:x}\r\n",
                1 => $"GET /logtail/{(rng.Next(2) == 0 ? "web" : "%00%2e%2e/etc")} HTTP/1.1\r\n\r\n",
                2 => $"POST /RPC2 HTTP/1.1\r\nContent-Length: {bytes.Count + rng.Next(-3, 3)}\r\n\r\n",
                _ => $"POST /RPC2 HTTP/1.1\r\nContent-Length: {bytes.Count}\r\nConnection: close\r\n\r\n",
            };
            var reply = Exchange(d.Socket, [.. Encoding.ASCII.GetBytes(head), .. bytes, .. (head.Contains("chunked") ? "\r\n0\r\n\r\n"u8.ToArray() : [])]);
            var status = reply.Length >= 12 && reply.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) ? reply[9..12] : "none";
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            Assert.DoesNotContain("Exception", reply, $"seed {seed}, case {i}");
            if (i % 100 == 99 || i == count - 1)
            {
                Assert.IsFalse(d.HasExited, $"daemon died after case {i}, seed {seed}:\n{d.Log}");
                Assert.AreEqual("RUNNING", d.State("web"), $"seed {seed}, case {i}");
            }
        }
        Assert.DoesNotContain("   at ", d.Log, "a stack trace reached the log");
        Console.WriteLine($"{count} hostile HTTP requests (seed {seed}): {string.Join(", ", statuses.OrderBy(k => k.Key).Select(k => $"{k.Key} {k.Value}"))}");
    }

    /// <summary>Sends, half-closes, and reads what comes back until the daemon closes (a streaming logtail: until 1 s of quiet).</summary>
    private static string Exchange(string path, byte[] bytes)
    {
        using var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        s.Connect(new UnixDomainSocketEndPoint(path));
        s.ReceiveTimeout = 1000;
        var got = new List<byte>();
        try
        {
            s.Send(bytes);
            s.Shutdown(SocketShutdown.Send);
            var buf = new byte[8192];
            int n;
            while ((n = s.Receive(buf)) > 0) got.AddRange(buf.AsSpan(0, n).ToArray());
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.Shutdown or SocketError.TimedOut or SocketError.WouldBlock) { }
        return Encoding.UTF8.GetString([.. got]);
    }
}
