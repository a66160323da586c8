namespace Supervice.Tests.EndToEnd;

/// <summary>The process engine seen from outside: real daemon, real children.</summary>
[TestClass]
public class EngineTests
{
    private static int CountLines(string path) => File.Exists(path) ? File.ReadAllLines(path).Length : 0;

    [TestMethod]
    public void StartSecsGateHoldsStartingThenRunning()
    {
        using var d = new Daemon("[program:slow]\ncommand = sleep 1000\nstartsecs = 2\n");
        d.WaitState("slow", "STARTING", 5);
        var started = DateTime.UtcNow;
        d.WaitState("slow", "RUNNING", 6);
        Assert.IsTrue(DateTime.UtcNow - started > TimeSpan.FromSeconds(1), "RUNNING came before startsecs");
    }

    [TestMethod]
    public void FailedStartsRetryThenFatalCountingSpawns()
    {
        using var d = new Daemon("[program:bad]\ncommand = sh -c 'echo x >> spawns.txt; exit 1'\nstartsecs = 1\nstartretries = 2\n");
        d.WaitState("bad", "FATAL", 15);
        Assert.AreEqual(3, CountLines(Path.Combine(d.Dir, "spawns.txt")), "startretries=2 means 3 attempts");
        StringAssert.Contains(d.Ctl("status", "bad").Stdout, "gave up after 3 attempts");
    }

    [TestMethod]
    public void CrashAfterRunningRestartsAtOnce()
    {
        using var d = new Daemon("[program:web]\ncommand = sleep 1000\nstartsecs = 0\n");
        d.WaitState("web", "RUNNING");
        var first = d.PidOf("web");
        // Past the once-per-second restart limit, so the restart must be immediate (no BACKOFF).
        Wait.Until(() => Proc.AgeSeconds(first) > 1.3, 10, "web to have lived more than a second");
        Proc.Kill(first, 9);
        Wait.Until(() => d.PidOrZero("web") is var p && p != 0 && p != first, 10, "a new pid");
        // The decision, not a stopwatch: "restarting" at once (a delayed one logs "restarting in N ms" and BACKOFF).
        d.WaitLog($"web: RUNNING -> STARTING (pid {first})");
        Assert.DoesNotContain("restarting in", d.Log, "a crash after more than a second of RUNNING was delayed");
        Assert.DoesNotContain("BACKOFF", d.Log, "a crash after more than a second of RUNNING waited in BACKOFF");
    }

    [TestMethod]
    public void ARespawnedChildInStartingShowsNoUptimeOfTheOneBefore()
    {
        using var d = new Daemon("[program:web]\ncommand = sleep 1000\nstartsecs = 4\n");
        d.WaitState("web", "RUNNING", 10);
        var first = d.PidOf("web");
        Wait.Until(() => System.Text.Json.JsonDocument.Parse(d.Ctl("--json", "status", "web").Stdout).RootElement
            .GetProperty("processes")[0].TryGetProperty("uptime", out var u) && u.ValueKind == System.Text.Json.JsonValueKind.Number && u.GetInt64() >= 1,
            10, "web to show an uptime of a second");
        Proc.Kill(first, 9);
        Wait.Until(() => d.PidOrZero("web") is var p && p != 0 && p != first, 10, "a new pid");
        var json = d.Ctl("--json", "status", "web").Stdout;
        var row = System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("processes")[0];
        Assert.AreEqual("STARTING", row.GetProperty("state").GetString(), json); // startsecs = 4: still starting
        Assert.IsFalse(row.TryGetProperty("uptime", out var up) && up.ValueKind != System.Text.Json.JsonValueKind.Null,
            $"a child that has not started yet showed the uptime of the one before it: {json}");
        Assert.DoesNotContain("UPTIME", d.Ctl("status", "web").Stdout);
    }

    [TestMethod]
    public void AutorestartUnexpectedRestartsOnlyOnUnexpectedCodes()
    {
        using var d = new Daemon(
            "[program:ok]\ncommand = sh -c 'echo x >> ok.txt; sleep 0.3; exit 0'\nstartsecs = 0\nautorestart = unexpected\n" +
            "[program:bad]\ncommand = sh -c 'echo x >> bad.txt; sleep 0.3; exit 3'\nstartsecs = 0\nautorestart = unexpected\nexitcodes = 0\n");
        d.WaitState("ok", "EXITED");
        Wait.Until(() => CountLines(Path.Combine(d.Dir, "bad.txt")) >= 3, 10, "bad to be restarted twice");
        Assert.AreEqual(1, CountLines(Path.Combine(d.Dir, "ok.txt")));
    }

    [TestMethod]
    public void StopSignalIsDeliveredAsConfigured()
    {
        using var d = new Daemon("[program:trap]\ncommand = sh -c 'trap \"echo USR1 > got.txt; exit 0\" USR1; echo > trapped; while :; do sleep 0.05; done'\nstartsecs = 0\nstopsignal = USR1\n");
        d.WaitState("trap", "RUNNING");
        Wait.Until(() => File.Exists(Path.Combine(d.Dir, "trapped")), 10, "the trap to be set"); // RUNNING (startsecs = 0) comes before the exec
        var r = d.Ctl("stop", "trap");
        Assert.AreEqual(0, r.ExitCode, r.Stdout + r.Stderr);
        Assert.AreEqual("USR1", File.ReadAllText(Path.Combine(d.Dir, "got.txt")).Trim());
    }

    [TestMethod]
    public void TermIgnoringChildIsKilledAfterStopWaitSecs()
    {
        using var d = new Daemon("[program:stubborn]\ncommand = sh -c 'trap \"echo TERM >> term.txt\" TERM; echo > trapped; while :; do sleep 0.05; done'\nstartsecs = 0\nstopwaitsecs = 2\n");
        d.WaitState("stubborn", "RUNNING");
        Wait.Until(() => File.Exists(Path.Combine(d.Dir, "trapped")), 10, "the trap to be set"); // RUNNING (startsecs = 0) comes before the exec
        var pid = d.PidOf("stubborn");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var r = d.Ctl("stop", "stubborn");
        var took = clock.Elapsed;
        Assert.AreEqual(0, r.ExitCode, r.Stdout + r.Stderr);
        Assert.IsFalse(Proc.Alive(pid));
        // An immediate SIGKILL fails all three: the stop signal came first, was survived, and stopwaitsecs passed.
        var term = Path.Combine(d.Dir, "term.txt");
        Assert.IsTrue(File.Exists(term) && File.ReadAllText(term).Contains("TERM"), "SIGTERM was not delivered first");
        Assert.IsGreaterThanOrEqualTo(1.9, took.TotalSeconds, $"killed after {took.TotalSeconds:0.00} s, before stopwaitsecs = 2");
        StringAssert.Contains(d.Log, "SIGKILL");
    }

    [TestMethod]
    public void StopKillsTheWholeProcessGroup()
    {
        using var d = new Daemon("[program:tree]\ncommand = sh -c 'sleep 1000 & sleep 1000 & wait'\nstartsecs = 0\n");
        d.WaitState("tree", "RUNNING");
        var pid = d.PidOf("tree");
        Wait.Until(() => Proc.All().Count(s => s.PGrp == pid) >= 3, 5, "the group to have 3 members");
        d.Ctl("stop", "tree");
        Wait.Until(() => !Proc.All().Any(s => s.PGrp == pid && s.State != 'Z'), 5, "every member of the group to be gone");
    }

    [TestMethod]
    public void EnvironmentEnvFileAndDirectoryReachTheChild()
    {
        var work = Fixtures.TempDir("supervice-cwd-");
        var envFile = Path.Combine(work, "app.env");
        File.WriteAllText(envFile, "# comment\nFROM_FILE=\"quoted value\"\nBOTH=file\n");
        using var d = new Daemon($"[program:env]\ncommand = sh -c 'env > env.txt; pwd > pwd.txt; exec sleep 1000'\nstartsecs = 0\n" +
            $"directory = {work}\nenv_file = {envFile}\nenvironment = FOO=\"a,b\",BOTH=env\n");
        d.WaitState("env", "RUNNING");
        Wait.Until(() => File.Exists(Path.Combine(work, "pwd.txt")) && File.ReadAllText(Path.Combine(work, "pwd.txt")).Length > 0, 5, "pwd.txt");
        var env = File.ReadAllText(Path.Combine(work, "env.txt"));
        StringAssert.Contains(env, "FOO=a,b\n");
        StringAssert.Contains(env, "FROM_FILE=quoted value\n");
        StringAssert.Contains(env, "BOTH=env\n");
        StringAssert.Contains(env, "SUPERVICE_PROCESS_NAME=env\n");
        StringAssert.Contains(env, "SUPERVISOR_ENABLED=1\n");
        Assert.AreEqual(work, File.ReadAllText(Path.Combine(work, "pwd.txt")).Trim());
        Directory.Delete(work, true);
    }

    [TestMethod]
    public void UserSwitchingWhenRoot()
    {
        if (Environment.UserName != "root" && Environment.GetEnvironmentVariable("USER") != "root" && !File.ReadAllText("/proc/self/status").Contains("Uid:\t0\t"))
            Assert.Inconclusive("needs root to switch users");
        var work = Fixtures.TempDir("supervice-user-");
        File.SetUnixFileMode(work, (UnixFileMode)0x1FF);
        using var d = new Daemon($"[program:who]\ncommand = sh -c 'id -u > {work}/uid.txt; echo $HOME $USER > {work}/home.txt; exec sleep 1000'\nstartsecs = 0\nuser = nobody\n");
        d.WaitState("who", "RUNNING");
        Wait.Until(() => File.Exists(Path.Combine(work, "home.txt")) && File.ReadAllText(Path.Combine(work, "home.txt")).Length > 0, 5, "home.txt");
        Assert.AreEqual("65534", File.ReadAllText(Path.Combine(work, "uid.txt")).Trim());
        StringAssert.Contains(File.ReadAllText(Path.Combine(work, "home.txt")), "nobody");
        Directory.Delete(work, true);
    }

    [TestMethod]
    public void StdoutAndStderrLandInRotatedFiles()
    {
        using var d = new Daemon("[program:chatty]\ncommand = sh -c 'i=0; while [ $i -lt 100 ]; do echo \"line $i of stdout padded to be long enough\"; echo \"err $i\" >&2; i=$((i+1)); done; exec sleep 1000'\n" +
            "startsecs = 0\nstdout_logfile = %(here)s/out.log\nstdout_logfile_maxbytes = 1000\nstdout_logfile_backups = 2\nstderr_logfile = %(here)s/err.log\n");
        var outLog = Path.Combine(d.Dir, "out.log");
        Wait.Until(() => File.Exists(Path.Combine(d.Dir, "err.log")) && File.ReadAllText(Path.Combine(d.Dir, "err.log")).Contains("err 99"), 10, "stderr in err.log");
        Wait.Until(() => File.Exists(outLog) && File.ReadAllText(outLog).Contains("line 99 "), 10, "the last stdout line");
        Assert.IsTrue(File.Exists(outLog + ".1") && File.Exists(outLog + ".2"), "two backups");
        Assert.IsFalse(File.Exists(outLog + ".3"), "no third backup");
        foreach (var f in new[] { outLog, outLog + ".1", outLog + ".2" })
            Assert.IsTrue(new FileInfo(f).Length <= 1000, $"{f} is {new FileInfo(f).Length} bytes");
        Assert.IsFalse(File.ReadAllText(outLog).Contains("err "), "stderr must not be in the stdout log");
    }

    [TestMethod]
    public void StdinIsDevNullAndNoExtraFdsLeak()
    {
        using var d = new Daemon("[program:fds]\ncommand = sleep 1000\nstartsecs = 0\n[program:umasked]\ncommand = sleep 1000\nstartsecs = 0\numask = 022\npdeathsig = true\n[program:plain]\ncommand = sleep 1000\nstartsecs = 0\npdeathsig = false\n");
        foreach (var name in new[] { "fds", "umasked", "plain" })
        {
            d.WaitState(name, "RUNNING");
            var pid = d.PidOf(name);
            // Read the fds of `sleep` itself: a child between vfork and execve still shares the daemon's.
            Wait.Until(() => Proc.Comm(pid) == "sleep", 10, $"{name} (pid {pid}) to have exec'd sleep");
            Assert.AreEqual("/dev/null", new FileInfo($"/proc/{pid}/fd/0").LinkTarget, name);
            var open = Directory.GetFiles($"/proc/{pid}/fd").Select(Path.GetFileName).Order().ToList();
            CollectionAssert.AreEqual(new[] { "0", "1", "2" }, open, $"{name}: open fds {string.Join(",", open)}");
        }
    }

    /// <summary>A child shares the daemon's fd table until its first call (CLONE_FILES, so that it copies only the low
    /// fds): its fd moves must never land in the daemon's own 0–2, and once the daemon holds hundreds of fds (pidfds and
    /// pipes well above the slots the moves' sources are parked in) each child still gets exactly its own pipes.</summary>
    [TestMethod]
    public void ChildrenOfADaemonWithManyFdsGetOnlyTheirOwnPipesAndLeaveTheDaemonsStdioAlone()
    {
        var names = Enumerable.Range(0, 40).Select(i => $"p{i:D2}").ToList();
        using var d = new Daemon(string.Concat(names.Select(n => $"[program:{n}]\ncommand = sleep 1000\nstartsecs = 0\n")));
        static string Target(int pid, string fd) => new FileInfo($"/proc/{pid}/fd/{fd}").LinkTarget ?? "?";
        foreach (var n in names) d.WaitState(n, "RUNNING");
        var restart = d.Ctl("restart", "p07", "p39");
        Assert.AreEqual(0, restart.ExitCode, restart.Stdout + restart.Stderr);
        // The daemon's log reaches the test through its own stdout: a second spawn line proves it still does.
        Wait.Until(() => d.Log.Split("p39: spawned pid").Length > 2, 10, $"the restart's spawn line in the log:\n{d.Log}");
        var daemonStdio = new[] { "0", "1", "2" }.Select(fd => Target(d.Pid, fd)).ToList();
        var stdouts = new HashSet<string>();
        foreach (var n in names)
        {
            d.WaitState(n, "RUNNING");
            var pid = d.PidOf(n);
            Wait.Until(() => Proc.Comm(pid) == "sleep", 10, $"{n} (pid {pid}) to have exec'd sleep");
            var open = Directory.GetFiles($"/proc/{pid}/fd").Select(Path.GetFileName).Order().ToList();
            CollectionAssert.AreEqual(new[] { "0", "1", "2" }, open, $"{n}: open fds {string.Join(",", open)}");
            Assert.AreEqual("/dev/null", Target(pid, "0"), n);
            var stdout = Target(pid, "1");
            StringAssert.StartsWith(stdout, "pipe:", n);
            Assert.IsTrue(stdouts.Add(stdout), $"{n}: stdout {stdout} is another child's");
            CollectionAssert.DoesNotContain(daemonStdio, stdout, $"{n}: its stdout is one of the daemon's own fds 0-2");
        }
        Assert.IsTrue(Directory.GetFiles($"/proc/{d.Pid}/fd").Length > 120, "the daemon holds a pidfd and pipes per child");
    }

    [TestMethod]
    public void SigtermOfTheDaemonLeavesNoChildBehind()
    {
        var d = new Daemon("[program:a]\ncommand = sleep 1000\nstartsecs = 0\npriority = 1\n[program:b]\ncommand = sh -c 'sleep 1000 & wait'\nstartsecs = 0\nnumprocs = 3\nprocess_name = b%(process_num)d\n");
        try
        {
            Wait.Until(() => Proc.Descendants(d.Pid).Count >= 7, 10, "7 descendants");
            var descendants = Proc.Descendants(d.Pid);
            d.Signal(15);
            Assert.IsTrue(d.WaitExit(15), "daemon exits after SIGTERM");
            Assert.AreEqual(0, d.ExitCode);
            Wait.Until(() => descendants.All(p => !Proc.Alive(p)), 5, "every child to be gone");
        }
        finally { d.Dispose(); }
    }

    [TestMethod]
    public void NonExecutableCommandIsFatalAtOnceWithPdeathsigOnAndOff()
    {
        var dir = Fixtures.TempDir("supervice-noexec-");
        var script = Path.Combine(dir, "not-executable.sh");
        File.WriteAllText(script, "#!/bin/sh\nsleep 1000\n");
        using var d = new Daemon($"[program:on]\ncommand = {script}\nstartretries = 3\n[program:off]\ncommand = {script}\nstartretries = 3\npdeathsig = false\n");
        foreach (var name in new[] { "on", "off" })
        {
            d.WaitState(name, "FATAL", 5);
            StringAssert.Contains(d.Ctl("status", name).Stdout, "ermission denied", name);
        }
        Directory.Delete(dir, true);
    }
}
