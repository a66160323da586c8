namespace Supervice.Tests.EndToEnd;

/// <summary>Issue #10 defect 7, SPEC §13: once shutdown began nothing is spawned — ctl's start, restart, signal and
/// reload are refused with SHUTTING_DOWN (exit 1), a pending backoff is cancelled, and a process that exits before
/// its batch is stopped is not restarted.</summary>
[TestClass]
public class ShutdownHoldTests
{
    /// <summary>`slow` ignores SIGTERM, so shutdown waits on it (priority 500) until the test kills it; `b` (stopped)
    /// is stopped before it, `crash` and `quitter` after it.</summary>
    private static string Programs(string dir) => $"""
        [program:slow]
        command = sh -c 'trap "" TERM; touch slow.trapped; while :; do sleep 1; done'
        startsecs = 0
        stopwaitsecs = 60
        priority = 500

        [program:b]
        command = sh -c 'echo $$ > {dir}/b.pid; exec sleep 1000'
        autostart = false
        startsecs = 0
        priority = 900

        [program:crash]
        command = sh -c 'exit 1'
        startsecs = 1
        startretries = 100
        priority = 100

        [program:quitter]
        command = sleep 1000
        startsecs = 0
        priority = 100
        """;

    private static string AfterShutdownBegan(Daemon d) => d.Log[d.Log.IndexOf("shutting down", StringComparison.Ordinal)..];

    [TestMethod]
    public void CommandsDuringShutdownAreRefusedAndNothingIsSpawned()
    {
        var dir = Fixtures.TempDir("supervice-hold-");
        try { Run(dir); }
        finally { Directory.Delete(dir, true); }
    }

    private static void Run(string dir)
    {
        using var d = new Daemon(Programs(dir), dir: dir);
        d.WaitState("slow", "RUNNING");
        d.WaitFile("slow.trapped");
        d.WaitState("quitter", "RUNNING");
        d.WaitState("crash", "BACKOFF");
        int slow = d.PidOf("slow"), quitter = d.PidOf("quitter");

        d.Signal(15);
        d.WaitLog("shutting down");
        d.WaitState("slow", "STOPPING");

        var start = d.Ctl("start", "b");
        Assert.AreEqual("b: ERROR (shutting down)\n", start.Stdout, start.Stderr);
        Assert.AreEqual(1, start.ExitCode, "SPEC §13: a refusal during shutdown is exit 1");
        var restart = d.Ctl("restart", "quitter");
        Assert.AreEqual("quitter: ERROR (shutting down)\n", restart.Stdout, restart.Stderr);
        Assert.AreEqual(1, restart.ExitCode);
        var group = d.Ctl("startgroup", "b");
        Assert.AreEqual(1, group.ExitCode, group.Stdout + group.Stderr);
        StringAssert.Contains(group.Stdout, "b: ERROR (shutting down)");
        var signal = d.Ctl("signal", "HUP", "quitter");
        Assert.AreEqual("quitter: ERROR (shutting down)\n", signal.Stdout, signal.Stderr);
        Assert.AreEqual(1, signal.ExitCode);
        var reload = d.Ctl("reload");
        Assert.AreEqual("Error: shutting down\n", reload.Stderr, reload.Stdout);
        Assert.AreEqual(1, reload.ExitCode);
        var json = d.Ctl("--json", "start", "b");
        StringAssert.Contains(json.Stdout, "\"code\":\"SHUTTING_DOWN\"");

        // The pending backoff is cancelled at once, and a process whose batch has not come is not restarted.
        d.WaitState("crash", "STOPPED");
        Proc.Kill(quitter, 9);
        d.WaitState("quitter", "STOPPED");
        Assert.AreEqual("STOPPING", d.State("slow"), "shutdown still waits on slow");

        Proc.Kill(slow, 9);
        Assert.IsTrue(d.WaitExit(30), $"the daemon exits once slow is gone (log:\n{d.Log})");
        Assert.AreEqual(0, d.ExitCode, d.Log);
        Assert.IsFalse(File.Exists(Path.Combine(dir, "b.pid")), $"b was never spawned (log:\n{d.Log})");
        StringAssert.DoesNotMatch(AfterShutdownBegan(d), new System.Text.RegularExpressions.Regex("spawned pid"),
            $"nothing is spawned after shutdown began (log:\n{d.Log})");
    }

    /// <summary>Issue #10 defect 13: `STOPPING=1` goes to NOTIFY_SOCKET when shutdown begins, while processes are still
    /// being stopped — not after everything stopped.</summary>
    [TestMethod]
    public void StoppingIsNotifiedWhenShutdownBegins()
    {
        var dir = Fixtures.TempDir("supervice-stopping-");
        try
        {
            var path = Path.Combine(dir, "notify.sock");
            using var notify = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Dgram, System.Net.Sockets.ProtocolType.Unspecified);
            notify.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(path));
            var received = new List<string>();
            bool Got(string line)
            {
                var buf = new byte[4096];
                while (notify.Available > 0) received.Add(System.Text.Encoding.UTF8.GetString(buf, 0, notify.Receive(buf)));
                return received.Any(m => m.Split('\n').Contains(line));
            }
            var trapped = Path.Combine(dir, "trapped");
            using var d = new Daemon($"[program:slow]\ncommand = sh -c 'trap \"\" TERM; touch {trapped}; while :; do sleep 1; done'\nstartsecs = 0\nstopwaitsecs = 60\n",
                env: new Dictionary<string, string> { ["NOTIFY_SOCKET"] = path });
            d.WaitState("slow", "RUNNING");
            // RUNNING comes at spawn (startsecs = 0): wait until the shell really ignores TERM.
            Wait.Until(() => File.Exists(trapped), 10, "slow's shell to set its TERM trap");
            int slow = d.PidOf("slow");
            d.Signal(15);
            Wait.Until(() => Got("STOPPING=1"), 10, $"STOPPING=1 while slow is still stopping (got: {string.Join(" | ", received)}; log:\n{d.Log})");
            Assert.IsFalse(d.HasExited, "the daemon is still shutting down");
            Assert.AreEqual("STOPPING", d.State("slow"));
            Proc.Kill(slow, 9);
            Assert.IsTrue(d.WaitExit(30), "the daemon exits once slow is gone");
            Got("");
            Assert.AreEqual(1, received.Count(m => m.Split('\n').Contains("STOPPING=1")), $"one STOPPING=1: {string.Join(" | ", received)}");
        }
        finally { Directory.Delete(dir, true); }
    }
}
