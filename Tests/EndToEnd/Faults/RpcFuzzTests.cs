using System.Net.Sockets;
using Supervice.Tests.Fuzz;

namespace Supervice.Tests.EndToEnd.Faults;

/// <summary>Hostile frames over the daemon's real socket, and a flood of silent connections.</summary>
[TestClass]
public class RpcFuzzTests
{
    [TestMethod]
    public void RandomAndTruncatedFramesNeverCrashTheDaemon()
    {
        int frames = FuzzBudget.Count(2_000, 10_000);
        int seed = FuzzBudget.Seed(nameof(RandomAndTruncatedFramesNeverCrashTheDaemon));
        var gen = new RpcFrameGenerator(seed);
        using var d = new Daemon("[program:web]\ncommand = sleep 1000\nstartsecs = 0\n");
        d.WaitState("web", "RUNNING");
        var kinds = new Dictionary<string, int>();
        for (int i = 0; i < frames; i++)
        {
            var (kind, bytes) = gen.Next();
            kinds[kind] = kinds.GetValueOrDefault(kind) + 1;
            SendAndDrain(d.Socket, bytes);
            if (i % 250 == 249 || i == frames - 1)
            {
                Assert.IsFalse(d.HasExited, $"daemon died after frame {i} ({kind}), seed {seed}:\n{d.Log}");
                var status = d.Ctl("status"); // 3 = answered, not all running (a fuzzed frame may legitimately stop web)
                Assert.IsTrue(status.ExitCode is 0 or 3 && status.Stdout.Contains("web"), $"status failed after frame {i} ({kind}), seed {seed}: {status.ExitCode} {status.Stderr}");
            }
        }
        Assert.DoesNotContain("   at ", d.Log, "a stack trace reached the log");
        Console.WriteLine($"{frames} hostile frames (seed {seed}): {string.Join(", ", kinds.OrderBy(k => k.Key).Select(k => $"{k.Key} {k.Value}"))}; daemon alive, status ok");
    }

    /// <summary>Sends, half-closes (so a truncated frame ends in EOF instead of the 5 s timeout) and reads to EOF.</summary>
    private static void SendAndDrain(string path, byte[] bytes)
    {
        using var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        s.ReceiveTimeout = 10_000;
        s.Connect(new UnixDomainSocketEndPoint(path));
        try
        {
            s.Send(bytes);
            s.Shutdown(SocketShutdown.Send);
            var buf = new byte[4096];
            while (s.Receive(buf) > 0) { }
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.Shutdown or SocketError.ConnectionAborted) { }
    }

    [TestMethod]
    public void HundredSilentConnectionsDoNotStarveCtl()
    {
        using var d = new Daemon("[program:web]\ncommand = sleep 1000\nstartsecs = 0\n");
        d.WaitState("web", "RUNNING");
        var silent = new List<Socket>();
        try
        {
            for (int i = 0; i < 100; i++)
            {
                var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                s.Connect(new UnixDomainSocketEndPoint(d.Socket));
                silent.Add(s);
            }
            var results = new List<(int Code, double Ms)>();
            for (int i = 0; i < 5; i++)
            {
                Bin.Result? r = null;
                var ms = FaultKit.TimeMs(() => r = d.Ctl("status"));
                results.Add((r!.ExitCode, ms));
                Assert.AreEqual(0, r.ExitCode, $"ctl status with 100 silent connections open: {r.Stdout}{r.Stderr}");
                StringAssert.Contains(r.Stdout, "web");
            }
            Console.WriteLine($"100 silent connections: ctl status answered {results.Count}/5, {string.Join(", ", results.Select(x => $"{x.Ms:0} ms"))}");
        }
        finally { foreach (var s in silent) s.Dispose(); }
    }
}
