using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace Supervice.Tests.EndToEnd;

/// <summary>Shipped features that had no end-to-end test: sd_notify, SIGUSR2 log reopening, shutdown order and
/// shutdown_timeout, minfds, healthcheck_retries with a success resetting the count, UNHEALTHY → RUNNING.</summary>
[TestClass]
public partial class ShippedFeatureTests
{
    /// <summary>A unix datagram socket the test binds, as systemd does for a Type=notify unit (SPEC §6.2).</summary>
    private sealed class NotifyListener : IDisposable
    {
        private readonly Socket _socket = new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        private readonly List<string> _messages = new();
        public string Path { get; }

        public NotifyListener(string dir)
        {
            Path = System.IO.Path.Combine(dir, "notify.sock");
            _socket.Bind(new UnixDomainSocketEndPoint(Path));
        }

        /// <summary>Every datagram received so far, in arrival order.</summary>
        public List<string> Messages
        {
            get
            {
                var buf = new byte[4096];
                while (_socket.Available > 0) _messages.Add(Encoding.UTF8.GetString(buf, 0, _socket.Receive(buf)));
                return [.. _messages];
            }
        }

        public void Dispose() => _socket.Dispose();
    }

    private static int IndexOf(List<string> messages, string line, int from = 0)
    {
        for (int i = from; i < messages.Count; i++)
            if (messages[i].Split('\n').Contains(line)) return i;
        return -1;
    }

    [TestMethod]
    public void DaemonNotifiesReadyThenReloadingThenStopping()
    {
        var dir = Fixtures.TempDir("supervice-notify-");
        using var notify = new NotifyListener(dir);
        using var d = new Daemon("[program:a]\ncommand = sleep 1000\nstartsecs = 0\n", env: new Dictionary<string, string> { ["NOTIFY_SOCKET"] = notify.Path });
        Wait.Until(() => IndexOf(notify.Messages, "READY=1") >= 0, 10, $"READY=1 (got: {string.Join(" | ", notify.Messages)})");
        var ready = notify.Messages[IndexOf(notify.Messages, "READY=1")];
        StringAssert.Contains(ready, $"MAINPID={d.Pid}", "READY=1 names the daemon's pid");

        var r = d.Ctl("reload");
        Assert.AreEqual(0, r.ExitCode, r.Stdout + r.Stderr);
        Wait.Until(() => IndexOf(notify.Messages, "RELOADING=1") is var i && i >= 0 && IndexOf(notify.Messages, "READY=1", i + 1) > i, 10,
            $"RELOADING=1 then READY=1 again (got: {string.Join(" | ", notify.Messages)})");

        var s = d.Ctl("shutdown");
        Assert.AreEqual(0, s.ExitCode, s.Stdout + s.Stderr);
        Assert.IsTrue(d.WaitExit(20), "the daemon exits");
        Wait.Until(() => IndexOf(notify.Messages, "STOPPING=1") >= 0, 10, $"STOPPING=1 (got: {string.Join(" | ", notify.Messages)})");
        var all = notify.Messages;
        int firstReady = IndexOf(all, "READY=1"), reloading = IndexOf(all, "RELOADING=1"), stopping = IndexOf(all, "STOPPING=1");
        Assert.IsTrue(firstReady < reloading && reloading < stopping, $"order READY < RELOADING < STOPPING: {string.Join(" | ", all)}");
        Assert.AreEqual(-1, IndexOf(all, "RELOADING=1", reloading + 1), $"one reload, one RELOADING=1: {string.Join(" | ", all)}");
    }

    [GeneratedRegex(@"^line (\d+)$", RegexOptions.Multiline)]
    private static partial Regex NumberedLine();

    private static List<int> Numbers(string path) => File.Exists(path)
        ? NumberedLine().Matches(File.ReadAllText(path)).Select(m => int.Parse(m.Groups[1].Value)).ToList()
        : [];

    [TestMethod]
    public void Sigusr2ReopensProgramAndDaemonLogsAfterARename()
    {
        var dir = Fixtures.TempDir("supervice-usr2-");
        string outLog = Path.Combine(dir, "out.log"), daemonLog = Path.Combine(dir, "daemon.log");
        using var d = new Daemon(
            $"[program:talk]\ncommand = sh -c 'i=0; while :; do echo \"line $i\"; i=$((i+1)); sleep 0.05; done'\nstartsecs = 0\nstdout_logfile = {outLog}\n" +
            "[program:other]\ncommand = sleep 1000\nstartsecs = 0\nautostart = false\n",
            $"logfile = {daemonLog}\n");
        Wait.Until(() => Numbers(outLog).Count >= 3, 10, "talk's output in out.log");
        Wait.Until(() => File.Exists(daemonLog) && File.ReadAllText(daemonLog).Contains("talk: STARTING -> RUNNING"), 10, "the daemon log");

        // logrotate without copytruncate: rename, then tell the daemon.
        File.Move(outLog, outLog + ".1");
        File.Move(daemonLog, daemonLog + ".1");
        int before = Numbers(outLog + ".1").Count;
        Wait.Until(() => Numbers(outLog + ".1").Count > before, 10, "output still going to the renamed file until the signal");
        Assert.IsFalse(File.Exists(outLog), "nothing reopens out.log before SIGUSR2");
        d.Signal(12); // SIGUSR2

        Wait.Until(() => Numbers(outLog).Count >= 3, 10, "new output in a new out.log");
        var old = Numbers(outLog + ".1");
        var fresh = Numbers(outLog);
        // The renamed file is closed: every line is in exactly one of the two files, in order, none lost.
        Assert.AreEqual(old[^1] + 1, fresh[0], $"the new file continues where the old one ended (old ends {old[^1]}, new starts {fresh[0]})");

        var started = d.Ctl("start", "other"); // a log line that can only come after the reopen
        Assert.AreEqual(0, started.ExitCode, started.Stdout + started.Stderr);
        Wait.Until(() => File.Exists(daemonLog) && File.ReadAllText(daemonLog).Contains("other: STOPPED -> STARTING"), 10, "the daemon's new log file");
        Assert.DoesNotContain("other: STOPPED -> STARTING", File.ReadAllText(daemonLog + ".1"), "the daemon kept writing to the renamed log");
    }

    [TestMethod]
    public void ShutdownStopsInDescendingPriorityOneLevelAtATimeEachLevelInParallel()
    {
        static string Program(string name, int priority, string trap) =>
            $"[program:{name}]\ncommand = sh -c 'trap \"{trap}; exit 0\" TERM; touch {name}.trapped; while :; do sleep 0.05; done'\nstartsecs = 0\npriority = {priority}\n";
        // Each step writes a line; the slow ones (sleep 1) would finish last if everything stopped at once.
        using var d = new Daemon(
            Program("low", 1, "echo low >> order.txt") +
            Program("mid1", 5, "echo mid1-term >> order.txt; sleep 1; echo mid1-done >> order.txt") +
            Program("mid2", 5, "echo mid2-term >> order.txt; sleep 1; echo mid2-done >> order.txt") +
            Program("high", 9, "echo high-term >> order.txt; sleep 1; echo high-done >> order.txt"));
        foreach (var name in new[] { "low", "mid1", "mid2", "high" }) { d.WaitState(name, "RUNNING"); d.WaitFile(name + ".trapped"); }
        var s = d.Ctl("shutdown");
        Assert.AreEqual(0, s.ExitCode, s.Stdout + s.Stderr);
        Assert.IsTrue(d.WaitExit(20));
        var order = File.ReadAllLines(Path.Combine(d.Dir, "order.txt")).ToList();
        var text = string.Join(", ", order);
        Assert.HasCount(7, order, text);
        int At(string step) => order.IndexOf(step) is var i and >= 0 ? i : throw new AssertFailedException($"{step} missing: {text}");
        // Priority 9 first and alone, then both 5s together, then 1 (lower starts first and stops last).
        Assert.IsLessThan(At("mid1-term"), At("high-done"), text);
        Assert.IsLessThan(At("mid2-term"), At("high-done"), text);
        Assert.IsLessThan(At("mid1-done"), At("mid2-term"), $"one priority stops in parallel: {text}");
        Assert.IsLessThan(At("mid2-done"), At("mid1-term"), $"one priority stops in parallel: {text}");
        Assert.IsLessThan(At("low"), At("mid1-done"), text);
        Assert.IsLessThan(At("low"), At("mid2-done"), text);
    }

    [TestMethod]
    public void ShutdownTimeoutKillsWhatOutlivesItBeforeStopwaitsecs()
    {
        using var d = new Daemon(
            "[program:stubborn]\ncommand = sh -c 'trap \"\" TERM; touch stubborn.trapped; while :; do sleep 0.05; done'\nstartsecs = 0\nstopwaitsecs = 120\npriority = 9\n" +
            "[program:plain]\ncommand = sleep 1000\nstartsecs = 0\npriority = 1\n",
            "shutdown_timeout = 2\n");
        d.WaitState("stubborn", "RUNNING");
        d.WaitFile("stubborn.trapped");
        d.WaitState("plain", "RUNNING");
        int stubborn = d.PidOf("stubborn"), plain = d.PidOf("plain");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        d.Signal(15);
        // Bounded by shutdown_timeout (2 s), not by stubborn's stopwaitsecs (120 s): 60 s tells them apart on any machine.
        Assert.IsTrue(d.WaitExit(60), "the daemon is still waiting for stubborn's stopwaitsecs");
        var took = clock.Elapsed;
        Assert.AreEqual(0, d.ExitCode);
        Assert.IsGreaterThanOrEqualTo(1.9, took.TotalSeconds, $"gave up after {took.TotalSeconds:0.00} s, before shutdown_timeout = 2");
        StringAssert.Contains(d.Log, "shutdown_timeout (2s) passed");
        Wait.Until(() => !Proc.Alive(stubborn) && !Proc.Alive(plain), 10, "both children to be gone");
    }

    private static (long Soft, long Hard) OpenFilesLimit(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/limits").First(l => l.StartsWith("Max open files", StringComparison.Ordinal));
        var f = line["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        static long Parse(string v) => v == "unlimited" ? long.MaxValue : long.Parse(v);
        return (Parse(f[0]), Parse(f[1]));
    }

    [TestMethod]
    public void MinfdsRaisesTheDaemonsOpenFileLimit()
    {
        var (_, hard) = OpenFilesLimit(Environment.ProcessId);
        if (!File.Exists("/usr/bin/prlimit")) Assert.Inconclusive("needs prlimit (util-linux) to start the daemon with a low limit");
        if (hard < 2048) Assert.Inconclusive($"the hard open-file limit here is {hard}: no room above the default minfds (1024)");
        long minfds = Math.Min(hard, 4096);
        // Started with a soft limit of 256 (the hard one kept, so no privilege is needed to raise it again).
        string[] lowLimit = ["/usr/bin/prlimit", $"--nofile=256:{(hard == long.MaxValue ? "unlimited" : hard.ToString())}"];
        using (var without = new Daemon("[program:a]\ncommand = sleep 1000\nstartsecs = 0\n", "minfds = 0\n", launcher: lowLimit))
            Assert.AreEqual(256, OpenFilesLimit(without.Pid).Soft, "minfds = 0 leaves the limit alone (the launcher's limit took)");
        using var d = new Daemon("[program:a]\ncommand = sleep 1000\nstartsecs = 0\n", $"minfds = {minfds}\n", launcher: lowLimit);
        var (soft, daemonHard) = OpenFilesLimit(d.Pid);
        Assert.IsGreaterThanOrEqualTo(minfds, soft, $"soft limit {soft} after minfds = {minfds}");
        Assert.AreEqual(hard, daemonHard, "the hard limit is not lowered");
        Assert.DoesNotContain("minfds", d.Log, "no warning when the limit could be raised");
    }

    private static string ScriptCheck(string command, int retries) =>
        $"healthcheck_type = script\nhealthcheck_command = {command}\nhealthcheck_interval = 1\nhealthcheck_timeout = 10\n" +
        $"healthcheck_retries = {retries}\nhealthcheck_start_period = 0\n";

    [GeneratedRegex(@"s: health check failed \((\d+)/3\)|s: health check (passed) after|s: (RUNNING -> UNHEALTHY)")]
    private static partial Regex HealthEvent();

    [TestMethod]
    public void HealthcheckRetriesCountsConsecutiveFailuresAndASuccessResetsIt()
    {
        // Check n fails except n = 3 and 6: never three failures in a row until checks 7, 8, 9.
        using var d = new Daemon("[program:s]\ncommand = sleep 1000\nstartsecs = 0\nautorestart = false\n" +
            ScriptCheck("n=$(cat count 2>/dev/null || echo 0); n=$((n+1)); echo $n > count; case $n in 3|6) exit 0;; esac; exit 1", 3));
        d.WaitState("s", "UNHEALTHY", 40);
        var checks = int.Parse(File.ReadAllText(Path.Combine(d.Dir, "count")).Trim());
        Assert.IsGreaterThanOrEqualTo(9, checks, $"UNHEALTHY after {checks} checks: 5 failures in all, but never 3 in a row before check 9");
        var events = HealthEvent().Matches(d.Log).Select(m => m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Success ? "ok" : "UNHEALTHY").ToList();
        var upToUnhealthy = events.Take(events.IndexOf("UNHEALTHY") + 1);
        Assert.AreEqual("1 2 ok 1 2 ok 1 2 3 UNHEALTHY", string.Join(' ', upToUnhealthy), $"log:\n{d.Log}");
    }

    [TestMethod]
    public void UnhealthyProcessRecoversToRunningWhenItsCheckPassesAgain()
    {
        using var d = new Daemon("[program:s]\ncommand = sleep 1000\nstartsecs = 0\nautorestart = false\n" + ScriptCheck("test -f healthy", 1));
        d.WaitState("s", "UNHEALTHY", 20);
        var pid = d.PidOf("s");
        File.WriteAllText(Path.Combine(d.Dir, "healthy"), "");
        d.WaitState("s", "RUNNING", 20);
        d.WaitLog($"s: UNHEALTHY -> RUNNING");
        Assert.AreEqual(pid, d.PidOf("s"), "recovered without a restart");
        StringAssert.Contains(d.Ctl("--json", "status", "s").Stdout, "\"healthy\":true");
    }
}
