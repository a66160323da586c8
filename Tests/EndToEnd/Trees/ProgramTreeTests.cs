namespace Supervice.Tests.EndToEnd.Trees;

/// <summary>SPEC §14 with redis-server and with a shell that backgrounds a `setsid` daemon, in both containments.</summary>
[TestClass]
public class ProgramTreeTests
{
    [TestMethod]
    [DataRow("cgroup")]
    [DataRow("pgid")]
    public void RedisRestartsCleanly(string mode)
    {
        TreeKit.Require("/usr/bin/redis-server", "redis-server");
        var dir = TreeKit.Dir();
        int port = TreeKit.FreePort();
        try
        {
            using var d = TreeKit.Start(mode, $"[program:redis]\ncommand = /usr/bin/redis-server --port {port} --bind 127.0.0.1 --save '' " +
                $"--appendonly no --dir {dir} --daemonize no --logfile {dir}/redis.log\nstartsecs = 1\n", dir);
            d.WaitState("redis", "RUNNING", 15);
            Wait.Until(() => TreeKit.Ask(port, "PING\r\n")?.StartsWith("+PONG") == true, 10, "redis to answer PING");
            int first = d.PidOf("redis");
            Proc.Kill(first, 9);
            Wait.Until(() => d.PidOrZero("redis") is var p && p != 0 && p != first && d.State("redis") == "RUNNING", 20, $"redis RUNNING again (log:\n{d.Log})");
            Wait.Until(() => TreeKit.Ask(port, "PING\r\n")?.StartsWith("+PONG") == true, 10, "the new redis to answer PING");
            Assert.AreEqual(2, TreeKit.CountLines(d.Log, "redis: spawned pid"), $"one restart (log:\n{d.Log})");
            Assert.DoesNotContain("Address already in use", File.ReadAllText(Path.Combine(dir, "redis.log")));
            StringAssert.Contains(d.Ctl("stop", "redis").Stdout, "redis: stopped");
            Assert.IsNull(TreeKit.Ask(port, "PING\r\n"), "nothing answers after stop");
        }
        finally { Directory.Delete(dir, true); }
    }

    /// <summary>The shell is the leader; the daemon it backgrounded called setsid, so it left the process group
    /// (its SUPERVICE_PROCESS_NAME, or the cgroup, still ties it to the program). When the shell dies, the daemon is
    /// ended with it before the program counts as down.</summary>
    [TestMethod]
    [DataRow("cgroup")]
    [DataRow("pgid")]
    public void ASetsidDaemonBackgroundedByAShellEndsWithIt(string mode)
    {
        var marker = Faults.FaultKit.Marker();
        var dir = TreeKit.Dir();
        try
        {
            using var d = TreeKit.Start(mode, $"[program:sh]\ncommand = sh -c 'setsid sleep {marker}1 & sleep {marker}2; wait'\nstartsecs = 0\nautorestart = false\nstopwaitsecs = 5\n", dir);
            d.WaitState("sh", "RUNNING");
            bool IsDaemon(int pid) { try { return File.ReadAllText($"/proc/{pid}/cmdline") == $"sleep\0{marker}1\0"; } catch (IOException) { return false; } }
            var escaped = Wait.For(() => Faults.FaultKit.WithMarker(marker).Where(IsDaemon).Cast<int?>().FirstOrDefault() is { } p ? new[] { p } : null, 10, "the setsid daemon")[0];
            int shell = d.PidOf("sh");
            Assert.AreNotEqual(shell, Proc.Stat(escaped)!.Value.PGrp, "the daemon left the shell's process group");
            Proc.Kill(shell, 9);
            d.WaitState("sh", "EXITED");
            Assert.IsFalse(Proc.Alive(escaped), "EXITED while the setsid daemon still ran");
            Assert.AreEqual(0, Faults.FaultKit.WithMarker(marker).Count, "nothing of the tree is left");
            d.WaitLog("sh: killed by SIGKILL; waiting for ");
        }
        finally { Directory.Delete(dir, true); }
    }

    /// <summary>A leftover that ignores the stop signal is shown in INFO while the program waits for it, and gets
    /// SIGKILL after stopwaitsecs; `ctl stop` answers only then.</summary>
    [TestMethod]
    [DataRow("cgroup")]
    [DataRow("pgid")]
    public void ALeftoverIgnoringTheStopSignalIsKilledAfterStopWaitSecs(string mode)
    {
        var marker = Faults.FaultKit.Marker();
        var dir = TreeKit.Dir();
        try
        {
            using var d = TreeKit.Start(mode, $"[program:stub]\ncommand = sh -c 'setsid sh -c \"trap \\\"\\\" TERM; exec sleep {marker}\" & exec sleep 1000'\n" +
                "startsecs = 0\nstopwaitsecs = 3\n", dir);
            d.WaitState("stub", "RUNNING");
            bool IsStub(int pid) { try { return File.ReadAllText($"/proc/{pid}/cmdline") == $"sleep\0{marker}\0"; } catch (IOException) { return false; } }
            var stubborn = Wait.For(() => Faults.FaultKit.WithMarker(marker).Where(IsStub).Cast<int?>().FirstOrDefault() is { } p ? new[] { p } : null, 10, "the TERM-ignoring leftover")[0];
            var stop = Task.Run(() => d.Ctl("stop", "stub"));
            Wait.Until(() => d.Ctl("status", "stub").Stdout.Contains("waiting for 1 leftover process"), 10, $"INFO to show the leftover (log:\n{d.Log})");
            Assert.AreEqual("STOPPING", d.State("stub"));
            Assert.IsTrue(Proc.Alive(stubborn), "it ignores SIGTERM");
            Assert.IsTrue(stop.Wait(TimeSpan.FromSeconds(20)), "ctl stop answers");
            StringAssert.Contains(stop.Result.Stdout, "stub: stopped");
            Assert.IsFalse(Proc.Alive(stubborn), "SIGKILL came after stopwaitsecs, before `stopped`");
            StringAssert.Contains(d.Log, "stub: leftover processes did not stop after 3s, killing them with SIGKILL");
        }
        finally { Directory.Delete(dir, true); }
    }

    /// <summary>A process that cleared its environment and left the session cannot be attributed by the process group
    /// or the subreaper, but its cgroup still holds it.</summary>
    [TestMethod]
    public void TheCgroupHoldsWhatLeftTheSessionAndClearedItsEnvironment()
    {
        var marker = Faults.FaultKit.Marker();
        var dir = TreeKit.Dir();
        try
        {
            using var d = TreeKit.Start("cgroup", $"[program:clean]\ncommand = sh -c 'env -i setsid sleep {marker} & exec sleep 1000'\nstartsecs = 0\nstopwaitsecs = 5\n", dir);
            d.WaitState("clean", "RUNNING");
            bool IsStranger(int pid) { try { return File.ReadAllText($"/proc/{pid}/cmdline") == $"sleep\0{marker}\0"; } catch (IOException) { return false; } }
            var stranger = Wait.For(() => Faults.FaultKit.WithMarker(marker).Where(IsStranger).Cast<int?>().FirstOrDefault() is { } p ? new[] { p } : null, 5, "the env -i child")[0];
            StringAssert.Contains(d.Ctl("stop", "clean").Stdout, "clean: stopped");
            Assert.IsFalse(Proc.Alive(stranger), "the cgroup member was ended with its program");
        }
        finally { Directory.Delete(dir, true); }
    }

    /// <summary>A run that is over gives its group back at once when it is empty; a group a leftover still holds
    /// (killasgroup = false leaves it alone) stays until that process is gone, then goes too.</summary>
    [TestMethod]
    public void AFinishedRunsGroupIsRemovedOnceNothingIsLeftInIt()
    {
        var marker = Faults.FaultKit.Marker();
        var dir = TreeKit.Dir();
        try
        {
            using var d = TreeKit.Start("cgroup", "[program:once]\ncommand = /bin/true\nstartsecs = 0\nautorestart = false\n\n" +
                $"[program:keeper]\ncommand = sh -c 'setsid sleep {marker} & exit 0'\nstartsecs = 0\nautorestart = false\nkillasgroup = false\n", dir);
            var root = Wait.For(() => new[] { $"/sys/fs/cgroup/unified/supervice.{d.Pid}", $"/sys/fs/cgroup/supervice.{d.Pid}" }.FirstOrDefault(Directory.Exists), 5, "the daemon's cgroup");
            d.WaitState("once", "EXITED");
            d.WaitState("keeper", "EXITED");
            Wait.Until(() => !Directory.Exists($"{root}/once"), 5, "the empty group of a finished run removed");
            bool IsLeftover(int pid) { try { return File.ReadAllText($"/proc/{pid}/cmdline") == $"sleep\0{marker}\0"; } catch (IOException) { return false; } }
            var leftover = Wait.For(() => Faults.FaultKit.WithMarker(marker).Where(IsLeftover).Cast<int?>().FirstOrDefault() is { } p ? new[] { p } : null, 5, "the leftover")[0];
            Assert.IsTrue(Directory.Exists($"{root}/keeper"), "the group a leftover is in is kept");
            StringAssert.EndsWith(File.ReadAllLines($"/proc/{leftover}/cgroup").Single(l => l.StartsWith("0::")), $"/supervice.{d.Pid}/keeper");
            Proc.Kill(leftover, 9);
            Wait.Until(() => !Directory.Exists($"{root}/keeper"), 10, "the group removed once its last process is gone");
        }
        finally { Directory.Delete(dir, true); }
    }
}
