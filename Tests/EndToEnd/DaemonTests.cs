using System.Diagnostics;

namespace Supervice.Tests.EndToEnd;

/// <summary>The daemon and control plane seen from outside: detach, pid file, socket, ctl verbs, reload, signals.</summary>
[TestClass]
public class DaemonTests
{
    private static string TempDir() => Fixtures.TempDir("supervice-d-");

    private static string Conf(string dir, string programs) =>
        $"[supervice]\nsocket = {dir}/s.sock\npidfile = {dir}/s.pid\nlogfile = {dir}/s.log\n{programs}";

    [TestMethod]
    public void DetachReportsReadyAndExitsZeroThenShutdownStopsIt()
    {
        var dir = TempDir();
        File.WriteAllText(Path.Combine(dir, "c.conf"), Conf(dir, "[program:s]\ncommand = sleep 1000\nstartsecs = 0\n"));
        var r = Bin.RunIn(dir, null, "daemon", "-c", "c.conf");
        Assert.AreEqual(0, r.ExitCode, r.Stdout + r.Stderr);
        StringAssert.Matches(r.Stdout, new System.Text.RegularExpressions.Regex(@"supervice started \(pid \d+\)"));
        var pid = int.Parse(File.ReadAllText(Path.Combine(dir, "s.pid")));
        try
        {
            Assert.IsTrue(Proc.Alive(pid));
            var s = Bin.Run("ctl", "-s", $"{dir}/s.sock", "shutdown");
            Assert.AreEqual(0, s.ExitCode, s.Stdout + s.Stderr);
            StringAssert.Contains(s.Stdout, "Shut down");
            Assert.IsFalse(Proc.Alive(pid), "ctl shutdown returns only once the daemon is gone");
            Assert.IsFalse(File.Exists(Path.Combine(dir, "s.sock")), "socket removed");
            Assert.IsFalse(File.Exists(Path.Combine(dir, "s.pid")), "pid file removed");
        }
        finally { Proc.Kill(pid, 9); }
    }

    [TestMethod]
    public void DetachFailureExitsOneWithTheReason()
    {
        var dir = TempDir();
        using var first = new Daemon("[program:s]\ncommand = sleep 1000\n");
        // Same pid file as a live daemon: the second one must refuse and spawn nothing.
        File.WriteAllText(Path.Combine(dir, "c.conf"),
            $"[supervice]\nsocket = {dir}/other.sock\npidfile = {first.Dir}/supervice.pid\nlogfile = {dir}/s.log\n[program:never]\ncommand = sh -c 'touch {dir}/spawned; exec sleep 1000'\n");
        var r = Bin.RunIn(dir, null, "daemon", "-c", "c.conf");
        Assert.AreEqual(1, r.ExitCode, r.Stdout + r.Stderr);
        StringAssert.Contains(r.Stderr, "already running");
        Assert.IsFalse(File.Exists(Path.Combine(dir, "spawned")), "a refused daemon spawned a child");
    }

    /// <summary>A second daemon on the socket of <paramref name="first"/> (its own pid file, [supervice] settings,
    /// daemon flags), refused with exit 1; its program would touch `spawned` in its directory.</summary>
    private static (string Dir, Bin.Result Result) SecondDaemonOnTheSocketOf(Daemon first, string settings, params string[] flags)
    {
        var dir = TempDir();
        File.WriteAllText(Path.Combine(dir, "c.conf"),
            $"[supervice]\n{settings}socket = {first.Socket}\npidfile = {dir}/p.pid\n[program:never]\ncommand = sh -c 'touch {dir}/spawned; exec sleep 1000'\n");
        var r = Bin.RunIn(dir, null, ["daemon", .. flags, "-c", "c.conf"]);
        Assert.AreEqual(1, r.ExitCode, r.Stdout + r.Stderr);
        return (dir, r);
    }

    [TestMethod]
    public void SecondInstanceOnTheSameSocketIsRefused()
    {
        using var first = new Daemon("[program:s]\ncommand = sleep 1000\n");
        var (dir, r) = SecondDaemonOnTheSocketOf(first, "", "-n");
        StringAssert.Contains(r.Stdout + r.Stderr, "already listening");
        Assert.IsFalse(File.Exists(Path.Combine(dir, "spawned")));
        first.WaitState("s", "RUNNING"); // the first daemon is untouched
    }

    [TestMethod]
    public void NodaemonInTheFilePrintsEachWarningOnce()
    {
        // nodaemon = true in the file (no -n) re-executes the daemon once it has read the file: the warnings of that
        // first read must not print again. A daemon refused for its socket ends, so the whole stderr can be read.
        using var first = new Daemon("[program:s]\ncommand = sleep 1000\n");
        var (_, r) = SecondDaemonOnTheSocketOf(first, "nodaemon = true\nbogus_key = 1\n");
        StringAssert.Contains(r.Stderr, "already listening");
        Assert.AreEqual(1, r.Stderr.Split("unknown key 'bogus_key'").Length - 1, r.Stderr);
    }

    [TestMethod]
    public void SocketIsMode0600()
    {
        using var d = new Daemon("[program:s]\ncommand = sleep 1000\n");
        var mode = File.GetUnixFileMode(d.Socket);
        Assert.AreEqual(UnixFileMode.UserRead | UnixFileMode.UserWrite, mode);
    }

    [TestMethod]
    public void BrokenConfigStartsNothingAndExitsOne()
    {
        var dir = TempDir();
        File.WriteAllText(Path.Combine(dir, "c.conf"), Conf(dir, "[program:s]\ncommand = sleep 1000\nautostart = ture\n"));
        var r = Bin.RunIn(dir, null, "daemon", "-n", "-c", "c.conf");
        Assert.AreEqual(1, r.ExitCode);
        StringAssert.Contains(r.Stderr, "c.conf:");
        Assert.IsFalse(File.Exists(Path.Combine(dir, "s.sock")));
    }

    [TestMethod]
    public void StatusTableAndJsonAndExitCodes()
    {
        using var d = new Daemon("[program:web]\ncommand = sleep 1000\nstartsecs = 0\n[program:off]\ncommand = sleep 1000\nautostart = false\n");
        d.WaitState("web", "RUNNING");
        var r = d.Ctl("status");
        Assert.AreEqual(3, r.ExitCode, "a STOPPED process makes status exit 3");
        var lines = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        StringAssert.StartsWith(lines[0], "NAME");
        Assert.AreEqual(lines[0].Length, lines[1].Length, "dash line as long as the header");
        Assert.AreEqual(lines[0].Length, lines[1].Count(c => c == '-'), "the dash line is all dashes");
        StringAssert.Contains(r.Stdout, "RUNNING");
        StringAssert.Contains(r.Stdout, "STOPPED");
        Assert.AreEqual(0, d.Ctl("status", "web").ExitCode);
        var j = d.Ctl("--json", "status");
        using var doc = System.Text.Json.JsonDocument.Parse(j.Stdout);
        Assert.IsTrue(doc.RootElement.ValueKind is System.Text.Json.JsonValueKind.Object or System.Text.Json.JsonValueKind.Array);
        Assert.AreEqual(4, d.Ctl("status", "nope").ExitCode, "unknown name exits 4");
    }

    [TestMethod]
    public void StartStopRestartWithGroupAndAllAddressing()
    {
        using var d = new Daemon("[program:a]\ncommand = sleep 1000\nstartsecs = 0\nautostart = false\n[program:b]\ncommand = sleep 1000\nstartsecs = 0\nautostart = false\nnumprocs = 2\n[group:g]\nprograms = a, b\n");
        var r = d.Ctl("start", "g:*");
        Assert.AreEqual(0, r.ExitCode, r.Stdout + r.Stderr);
        StringAssert.Contains(r.Stdout, "a: started");
        StringAssert.Contains(r.Stdout, "b:01: started");
        int pidA = d.PidOf("a"), pidB0 = d.PidOf("b:00"), pidB1 = d.PidOf("b:01");
        r = d.Ctl("restart", "b");
        Assert.AreEqual(0, r.ExitCode, r.Stdout + r.Stderr);
        StringAssert.Contains(r.Stdout, "b:00: restarted");
        StringAssert.Contains(r.Stdout, "b:01: restarted");
        Assert.AreEqual(pidA, d.PidOf("a"), "restarting b must not touch a");
        Assert.AreNotEqual(pidB0, d.PidOf("b:00"), "restart gave b:00 a new process");
        Assert.AreNotEqual(pidB1, d.PidOf("b:01"), "restart gave b:01 a new process");
        Assert.IsFalse(Proc.Alive(pidB0) || Proc.Alive(pidB1), "the old b processes are gone");
        r = d.Ctl("stop", "all");
        Assert.AreEqual(0, r.ExitCode, r.Stdout + r.Stderr);
        StringAssert.Contains(r.Stdout, "a: stopped");
        Assert.IsFalse(Proc.Alive(pidA));
        Assert.AreEqual(4, d.Ctl("start", "nosuch").ExitCode);
        Assert.AreEqual(2, d.Ctl("start").ExitCode, "start without a name is a usage error");
    }

    [TestMethod]
    public void StartOfAFailingProgramExits7()
    {
        using var d = new Daemon("[program:bad]\ncommand = /nonexistent/binary\nautostart = false\nstartretries = 0\n");
        var r = d.Ctl("start", "bad");
        Assert.AreEqual(7, r.ExitCode, r.Stdout + r.Stderr);
        StringAssert.Contains(r.Stdout + r.Stderr, "ERROR");
    }

    [TestMethod]
    public void SignalAndPidVerbs()
    {
        using var d = new Daemon("[program:t]\ncommand = sh -c 'trap \"echo got >> sig.txt\" USR1; echo > trapped.txt; while :; do sleep 0.05; done'\nstartsecs = 0\n[program:off]\ncommand = sleep 1\nautostart = false\n");
        d.WaitState("t", "RUNNING");
        // RUNNING comes at once (startsecs = 0): a USR1 sent before sh has set its trap would kill it instead.
        Wait.Until(() => File.Exists(Path.Combine(d.Dir, "trapped.txt")), 10, "the trap to be set");
        Assert.AreEqual(d.Pid.ToString(), d.Ctl("pid").Stdout.Trim());
        var r = d.Ctl("signal", "USR1", "t");
        Assert.AreEqual(0, r.ExitCode, r.Stdout + r.Stderr);
        Wait.Until(() => File.Exists(Path.Combine(d.Dir, "sig.txt")), 5, "the trap to run");
        Assert.AreEqual(7, d.Ctl("signal", "USR1", "off").ExitCode, "signal to a stopped process exits 7");
        Assert.AreEqual("0", d.Ctl("pid", "off").Stdout.Trim());
        Assert.AreEqual(2, d.Ctl("signal", "NOSUCHSIG", "t").ExitCode);
    }

    [TestMethod]
    public void TailAndTailFollow()
    {
        using var d = new Daemon("[program:talk]\ncommand = sh -c 'echo first; echo oops >&2; sleep 1; echo second; exec sleep 1000'\nstartsecs = 0\n");
        Wait.Until(() => d.Ctl("tail", "talk").Stdout.Contains("first"), 5, "tail to show output");
        StringAssert.Contains(d.Ctl("tail", "talk", "stderr").Stdout, "oops");
        var psi = new ProcessStartInfo(Bin.Path) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { "ctl", "-s", d.Socket, "tail", "-f", "talk" }) psi.ArgumentList.Add(a);
        using var follow = Process.Start(psi)!;
        var seen = new System.Text.StringBuilder();
        var reader = Task.Run(() => { int c; while ((c = follow.StandardOutput.Read()) >= 0) lock (seen) seen.Append((char)c); });
        try { Wait.Until(() => { lock (seen) return seen.ToString().Contains("second"); }, 10, "tail -f to show the later line"); }
        finally { follow.Kill(); }
    }

    [TestMethod]
    public void ReloadAddsRemovesChangesAndKeepsUnchangedSiblings()
    {
        using var d = new Daemon("[program:keep]\ncommand = sleep 1000\nstartsecs = 0\n[program:gone]\ncommand = sleep 1000\nstartsecs = 0\n[program:change]\ncommand = sleep 1000\nstartsecs = 0\n[program:live]\ncommand = sleep 1000\nstartsecs = 0\n[group:g]\nprograms = keep, change\n");
        d.WaitState("change", "RUNNING");
        d.WaitState("live", "RUNNING");
        d.WaitState("gone", "RUNNING");
        int keep = d.PidOf("keep"), change = d.PidOf("change"), live = d.PidOf("live"), gone = d.PidOf("gone");
        d.WriteConfig("[program:keep]\ncommand = sleep 1000\nstartsecs = 0\n[program:change]\ncommand = sleep 999\nstartsecs = 0\n[program:live]\ncommand = sleep 1000\nstartsecs = 0\nstopwaitsecs = 3\n[program:new]\ncommand = sleep 1000\nstartsecs = 0\n[group:g]\nprograms = keep, change\n");
        var dry = d.Ctl("reload", "--dry-run");
        Assert.AreEqual(0, dry.ExitCode, dry.Stdout + dry.Stderr);
        StringAssert.Contains(dry.Stdout, "Would add: new");
        StringAssert.Contains(dry.Stdout, "Would remove: gone");
        var newStatus = d.Ctl("status", "new");
        Assert.AreEqual(4, newStatus.ExitCode, $"a dry run adds nothing: {newStatus.Stdout}{newStatus.Stderr}");
        Assert.AreEqual(gone, d.PidOf("gone"), "a dry run removes nothing");
        Assert.AreEqual(change, d.PidOf("change"), "a dry run restarts nothing");
        var r = d.Ctl("--json", "reload");
        Assert.AreEqual(0, r.ExitCode, r.Stdout + r.Stderr);
        using (var doc = System.Text.Json.JsonDocument.Parse(r.Stdout))
        {
            string[] Names(string key) => doc.RootElement.GetProperty(key).EnumerateArray().Select(e => e.GetString()!).ToArray();
            CollectionAssert.AreEqual(new[] { "new" }, Names("added"), r.Stdout);
            CollectionAssert.AreEqual(new[] { "gone" }, Names("removed"), r.Stdout);
            CollectionAssert.Contains(Names("changed"), "change", r.Stdout);
        }
        Wait.Until(() => !Proc.Alive(gone), 10, $"the removed program's process (pid {gone}) to be stopped");
        d.WaitState("new", "RUNNING");
        Wait.Until(() => d.PidOrZero("change") is var p && p != 0 && p != change, 10, "change to get a new pid");
        Assert.AreEqual(keep, d.PidOf("keep"), "an unchanged sibling in the same group keeps its pid");
        Assert.AreEqual(live, d.PidOf("live"), "a live-applicable change does not restart");
        Assert.AreEqual(4, d.Ctl("status", "gone").ExitCode);
    }

    [TestMethod]
    public void ReloadWithBrokenFileChangesNothing()
    {
        using var d = new Daemon("[program:a]\ncommand = sleep 1000\nstartsecs = 0\n");
        d.WaitState("a", "RUNNING");
        var pid = d.PidOf("a");
        d.WriteConfig("[program:a]\ncommand = sleep 999\nstartsecs = zero\n");
        var r = d.Ctl("reload");
        Assert.AreEqual(1, r.ExitCode, r.Stdout + r.Stderr);
        StringAssert.Contains(r.Stdout + r.Stderr, "startsecs");
        Assert.AreEqual(pid, d.PidOf("a"));
    }

    [TestMethod]
    public void SighupReloads()
    {
        using var d = new Daemon("[program:a]\ncommand = sleep 1000\nstartsecs = 0\n");
        d.WaitState("a", "RUNNING");
        d.WriteConfig("[program:a]\ncommand = sleep 1000\nstartsecs = 0\n[program:b]\ncommand = sleep 1000\nstartsecs = 0\n");
        d.Signal(1);
        d.WaitState("b", "RUNNING");
    }

    [TestMethod]
    public void MissingDaemonIsExit4WithOneLine()
    {
        var r = Bin.Run("ctl", "-s", "/tmp/definitely-not-a-supervice.sock", "status");
        Assert.AreEqual(4, r.ExitCode);
        Assert.AreEqual("supervice is not running (no socket at /tmp/definitely-not-a-supervice.sock)\n", r.Stderr, "exactly one line");
        Assert.AreEqual("", r.Stdout);
    }

    [TestMethod]
    public void VersionMaintailAndGroupVerbs()
    {
        using var d = new Daemon("[program:a]\ncommand = sleep 1000\nstartsecs = 0\nautostart = false\n[group:g]\nprograms = a\n");
        var v = d.Ctl("version");
        Assert.AreEqual(0, v.ExitCode, v.Stderr);
        // The version the project builds (Supervice.csproj <Version>, which the referenced assembly carries), not a literal.
        var built = typeof(Supervice.Rpc.Messages.BuildInfo).Assembly.GetName().Version!;
        var version = $"{built.Major}.{built.Minor}.{built.Build}";
        Assert.AreEqual($"client: supervice {version}\ndaemon: supervice {version}\n", v.Stdout);
        var r = d.Ctl("startgroup", "g");
        Assert.AreEqual(0, r.ExitCode, r.Stdout + r.Stderr);
        StringAssert.Contains(r.Stdout, "a: started");
        r = d.Ctl("stopgroup", "g");
        Assert.AreEqual(0, r.ExitCode, r.Stdout + r.Stderr);
        StringAssert.Contains(r.Stdout, "a: stopped");
        Assert.AreEqual(4, d.Ctl("startgroup", "nogroup").ExitCode);
        var m = d.Ctl("maintail", "-n", "50");
        Assert.AreEqual(0, m.ExitCode, m.Stderr);
        StringAssert.Contains(m.Stdout, "a: STOPPING -> STOPPED");
    }

    [TestMethod]
    public void EveryVerbAnswersValidJson()
    {
        using var d = new Daemon("[program:a]\ncommand = sleep 1000\nstartsecs = 0\n");
        d.WaitState("a", "RUNNING");
        var verbs = new[]
        {
            new[] { "status" }, ["status", "a"], ["pid"], ["pid", "a"], ["signal", "CONT", "a"], ["tail", "a"], ["maintail"],
            ["reload", "--dry-run"], ["version"], ["stop", "a"], ["start", "a"], ["restart", "--force", "a"], ["startgroup", "a"],
            ["stopgroup", "a"], ["reload"],
        };
        foreach (var verb in verbs)
        {
            var r = d.Ctl(["--json", .. verb]);
            Assert.IsTrue(r.ExitCode is 0 or 3, $"{string.Join(' ', verb)}: exit {r.ExitCode} {r.Stderr}");
            using var doc = System.Text.Json.JsonDocument.Parse(r.Stdout);
            Assert.AreNotEqual(System.Text.Json.JsonValueKind.Undefined, doc.RootElement.ValueKind, string.Join(' ', verb));
        }
        var s = d.Ctl("--json", "shutdown");
        Assert.AreEqual(0, s.ExitCode, s.Stderr);
        System.Text.Json.JsonDocument.Parse(s.Stdout).Dispose();
        Assert.IsTrue(d.WaitExit(10), "shutdown ends the daemon");
    }
}
