namespace Supervice.Tests.EndToEnd.Faults;

/// <summary>The daemon killed with SIGKILL and started again: no duplicates, no orphans, reconcile as the original.</summary>
[TestClass]
public class DaemonKillTests
{
    [TestMethod]
    public void SigkillWithTwentyProgramsThenRestartLeavesNoDuplicatesNorOrphans()
    {
        var marker = FaultKit.Marker();
        var programs = $"[program:p]\ncommand = sleep {marker}\nnumprocs = 20\nstartsecs = 0\n";
        string dir;
        List<int> before;
        using (var first = new Daemon(programs))
        {
            dir = first.Dir;
            Wait.Until(() => FaultKit.AllRunning(first, 20), 20, "20 programs RUNNING");
            before = first.KillHard();
            Assert.HasCount(20, before);
            Wait.Until(() => before.All(pid => !Proc.Alive(pid)), 10, "pdeathsig children to die with the daemon");
            using var second = new Daemon(programs, dir: dir);
            Wait.Until(() => FaultKit.AllRunning(second, 20), 20, "20 programs RUNNING after the restart");
            // RUNNING (startsecs = 0) comes at spawn; every child must be `sleep` itself (a command line read mid-exec is empty).
            Wait.Until(() => Proc.Children(second.Pid).All(c => Proc.Stat(c.Pid)?.Comm == "sleep"), 10, "every child to exec sleep");
            var mine = FaultKit.WithMarker(marker);
            Console.WriteLine($"after SIGKILL + restart: {mine.Count} children (expected 20), {before.Count(Proc.Alive)} of the old ones alive");
            Assert.HasCount(20, mine, "duplicate or missing children");
            CollectionAssert.AreEquivalent(mine, Proc.Children(second.Pid).Select(c => c.Pid).ToList(), "a child that is not the new daemon's");
            second.Ctl("shutdown");
            Assert.IsTrue(second.WaitExit(20));
            Assert.IsEmpty(FaultKit.WithMarker(marker), "children left after a clean shutdown");
        }
    }

    [TestMethod]
    public void ReconcileKillsWarnsOrSkipsOrphansWithoutPdeathsig()
    {
        var marker = FaultKit.Marker();
        string Programs(string wpPolicy) =>
            $"[program:kp]\ncommand = sleep {marker}1\npdeathsig = false\nreconcile = kill\nstartsecs = 0\n" +
            $"[program:wp]\ncommand = sleep {marker}2\npdeathsig = false\nreconcile = {wpPolicy}\nstartsecs = 0\n" +
            $"[program:op]\ncommand = sleep {marker}3\npdeathsig = false\nreconcile = off\nstartsecs = 0\n";
        var leftovers = new List<int>();
        try
        {
            using var first = new Daemon(Programs("auto"));
            Wait.Until(() => FaultKit.AllRunning(first, 3), 15, "3 programs RUNNING");
            int kp = first.PidOf("kp"), wp = first.PidOf("wp"), op = first.PidOf("op");
            var statePath = Path.Combine(first.Dir, ".supervice.state.json");
            Wait.Until(() => File.Exists(statePath) && File.ReadAllText(statePath).Contains($"\"pid\": {op}"), 5, "the state file to record the children");
            first.KillHard();
            leftovers.AddRange([kp, wp, op]);
            Assert.IsTrue(Proc.Alive(kp) && Proc.Alive(wp) && Proc.Alive(op), "pdeathsig=false children must survive the daemon");

            using (var second = new Daemon(Programs("auto"), dir: first.Dir))
            {
                second.WaitLog($"Program 'kp': killed orphaned process group {kp} (pid {kp}) - orphan of a previous supervisor (reconcile=kill)");
                second.WaitLog($"Program 'wp': pid {wp} is still running - orphan of a previous supervisor; pdeathsig=false so it is left running -- starting this program will create duplicates");
                second.WaitLog("Reconciled 1 orphaned process group(s) from a previous supervisor");
                Wait.Until(() => !Proc.Alive(kp), 5, "the kill-policy orphan to die");
                Assert.IsTrue(Proc.Alive(wp) && Proc.Alive(op), "warn/off orphans must be left running");
                Assert.DoesNotContain("Program 'op'", second.Log, "reconcile=off must stay silent");
                Wait.Until(() => FaultKit.AllRunning(second, 3), 15, "3 programs RUNNING");
                Console.WriteLine(second.Log.Split('\n').Where(l => l.Contains("Program '") || l.Contains("Reconciled")).Aggregate("", (a, l) => a + l + "\n"));
                second.Ctl("shutdown");
                Assert.IsTrue(second.WaitExit(20));
            }
            var carried = File.ReadAllText(statePath);
            StringAssert.Contains(carried, $"\"pid\": {wp}", "an older crash's live orphan must stay remembered");

            using var third = new Daemon(Programs("kill"), dir: first.Dir);
            third.WaitLog($"Program 'wp': killed orphaned process group {wp} (pid {wp})");
            Wait.Until(() => !Proc.Alive(wp), 5, "the remembered orphan to be killed under the current policy");
            Assert.IsTrue(Proc.Alive(op));
        }
        finally { foreach (var pid in leftovers) Proc.Kill(pid, 9); }
    }

    [TestMethod]
    public void LeftoversOutsideTheGroupDieWhenTheProgramStops()
    {
        var marker = FaultKit.Marker();
        using var d = new Daemon($"[program:dbl]\ncommand = sh -c 'setsid sleep {marker}1 & exec sleep {marker}2'\nstartsecs = 0\n");
        d.WaitState("dbl", "RUNNING");
        // Until both have exec'd, `sh -c '...'` and `setsid sleep ...` carry the markers in their command lines too.
        bool IsSleep(int pid, string arg) { try { return File.ReadAllText($"/proc/{pid}/cmdline") == $"sleep\0{arg}\0"; } catch (IOException) { return false; } }
        Wait.Until(() => FaultKit.WithMarker(marker) is var all && all.Count == 2 && all.Count(p => IsSleep(p, marker + "1")) == 1
            && all.Count(p => IsSleep(p, marker + "2")) == 1, 5, "both sleeps");
        var escaped = FaultKit.WithMarker(marker + "1").Single();
        Assert.AreNotEqual(d.PidOf("dbl"), Proc.Stat(escaped)!.Value.PGrp, "the setsid child should have left the group");
        StringAssert.Contains(d.Ctl("stop", "dbl").Stdout, "stopped");
        Wait.Until(() => FaultKit.WithMarker(marker).Count == 0, 5, "the escaped grandchild to be killed");
        d.WaitLog("dbl: waiting for 1 leftover process");
    }

    [TestMethod]
    public void UnattributableProcessesAreNeverKilled()
    {
        var marker = FaultKit.Marker();
        // Without cgroups (a cgroup would hold it: TheCgroupHoldsWhatLeftTheSessionAndClearedItsEnvironment).
        using var d = new Daemon($"[program:clean]\ncommand = sh -c 'env -i setsid sleep {marker} & exec sleep 1000'\nstartsecs = 0\n",
            env: new Dictionary<string, string> { ["SUPERVICE_CONTAINMENT"] = "pgid" });
        d.WaitState("clean", "RUNNING");
        // The program's own command line holds the marker too until it execs `sleep 1000`: only a `sleep MARKER` is the stranger.
        bool IsStranger(int pid) { try { return File.ReadAllText($"/proc/{pid}/cmdline") == $"sleep\0{marker}\0"; } catch (IOException) { return false; } }
        var stranger = Wait.For(() => FaultKit.WithMarker(marker).Where(IsStranger).Cast<int?>().FirstOrDefault() is { } p ? new[] { p } : null, 5, "the env -i child")[0];
        try
        {
            d.Ctl("stop", "clean");
            d.WaitState("clean", "STOPPED");
            Wait.Until(() => Proc.Stat(stranger)?.PPid == d.Pid, 5, "reparenting to the daemon");
            Assert.IsTrue(Proc.Alive(stranger), "a process without our tag must not be killed");
        }
        finally { Proc.Kill(stranger, 9); }
    }

    [TestMethod]
    public void AutostartWaitsForAKilledOrphanToReleaseItsPort()
    {
        int port;
        using (var l = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0)) { l.Start(); port = ((System.Net.IPEndPoint)l.LocalEndpoint).Port; }
        // The orphan ignores SIGTERM for a moment before exiting, so its replacement would find the port taken.
        var programs = $"[program:srv]\ncommand = python3 -c \"import signal,socket,time; signal.signal(signal.SIGTERM, lambda *a: (time.sleep(0.5), exit(0))); " +
                       $"open('spawns.txt','a').write('x\\n'); s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(('127.0.0.1', {port})); s.listen(); time.sleep(1000)\"\n" +
                       "pdeathsig = false\nreconcile = kill\nstartsecs = 1\nstartretries = 5\n";
        using var first = new Daemon(programs);
        first.WaitState("srv", "RUNNING", 15);
        var old = first.PidOf("srv");
        var statePath = Path.Combine(first.Dir, ".supervice.state.json");
        Wait.Until(() => File.Exists(statePath) && File.ReadAllText(statePath).Contains($"\"pid\": {old}"), 5, "the state file to record the child");
        first.KillHard();
        try
        {
            using var second = new Daemon(programs, dir: first.Dir);
            second.WaitState("srv", "RUNNING", 15);
            Assert.IsFalse(Proc.Alive(old), "the orphan was killed");
            Assert.AreEqual(2, File.ReadAllLines(Path.Combine(first.Dir, "spawns.txt")).Length, "the replacement bound the port at its first attempt");
        }
        finally { Proc.Kill(old, 9); }
    }
}
