namespace Supervice.Tests.EndToEnd;

/// <summary>Issue #10, reload defects: 10 (a reload restarted a process the user was stopping), 11 (removed programs
/// were never released; remove + re-add + stop of one name broke every later orphan sweep) and 13 (a change of
/// `[supervice] environment` restarted nothing although every child inherits it).</summary>
[TestClass]
public class ReloadTrustTests
{
    private const string Stubborn = "command = sh -c 'trap \"\" TERM; touch a.trapped; while :; do sleep 1; done'\nstartsecs = 0\nstopwaitsecs = 2\n";

    [TestMethod]
    public void ReloadDoesNotRestartAProcessTheUserIsStopping()
    {
        using var d = new Daemon($"[program:a]\n{Stubborn}");
        d.WaitState("a", "RUNNING");
        d.WaitFile("a.trapped");
        var stop = Task.Run(() => d.Ctl("stop", "a"));
        d.WaitState("a", "STOPPING");
        d.WriteConfig($"[program:a]\n{Stubborn}environment = CHANGED=1\n");
        var reload = d.Ctl("--json", "reload");
        Assert.AreEqual(0, reload.ExitCode, reload.Stdout + reload.Stderr);
        StringAssert.Contains(reload.Stdout, "\"changed\":[\"a\"]");
        StringAssert.Contains(reload.Stdout, "\"restarted\":[]", "a is being stopped, not restarted");

        Assert.IsTrue(stop.Wait(TimeSpan.FromSeconds(30)), "ctl stop returns");
        Assert.AreEqual("a: stopped\n", stop.Result.Stdout, stop.Result.Stderr + d.Log);
        Assert.AreEqual(0, stop.Result.ExitCode);
        Assert.AreEqual("STOPPED", d.State("a"));
        Assert.AreEqual(1, d.Log.Split('\n').Count(l => l.Contains("a: spawned pid")), $"one spawn only (log:\n{d.Log})");

        var start = d.Ctl("start", "a");
        Assert.AreEqual(0, start.ExitCode, start.Stdout + start.Stderr);
        // With startsecs = 0 RUNNING comes at spawn: /proc/PID/environ may read empty for the instant of an execve.
        var pid = d.PidOf("a");
        Wait.Until(() => Proc.Environ(pid).Length > 0, 10, "the new process's environment to be readable");
        StringAssert.Contains(Proc.Environ(pid), "CHANGED=1", "the next start uses the new spec");
    }

    [TestMethod]
    public void AChangedDaemonEnvironmentRestartsTheProgramsThatInheritIt()
    {
        const string programs = "[program:inherits]\ncommand = sleep 1000\nstartsecs = 0\n[program:overrides]\ncommand = sleep 1000\nstartsecs = 0\nenvironment = MODE=own\n";
        using var d = new Daemon(programs, supervice: "environment = MODE=blue");
        d.WaitState("inherits", "RUNNING");
        d.WaitState("overrides", "RUNNING");
        int inherits = d.PidOf("inherits"), overrides = d.PidOf("overrides");
        StringAssert.Contains(Proc.Environ(inherits), "MODE=blue");

        d.WriteConfig(programs, "environment = MODE=green");
        var reload = d.Ctl("--json", "reload");
        Assert.AreEqual(0, reload.ExitCode, reload.Stdout + reload.Stderr);
        StringAssert.Contains(reload.Stdout, "\"restarted\":[\"inherits\"]");
        Wait.Until(() => d.State("inherits") == "RUNNING" && d.PidOrZero("inherits") is var p && p != 0 && p != inherits, 15, $"inherits to run again (log:\n{d.Log})");
        var inheritsPid = d.PidOf("inherits");
        Wait.Until(() => Proc.Environ(inheritsPid).Length > 0, 10, "the new process's environment to be readable");
        StringAssert.Contains(Proc.Environ(inheritsPid), "MODE=green", "the new run sees the new value");
        Assert.AreEqual(overrides, d.PidOf("overrides"), "a program that sets the name itself sees no change and keeps running");
    }

    [TestMethod]
    public void RemoveReAddAndStopOfOneNameKeepsLeftoverSweepsWorking()
    {
        // `a` leaves a `setsid` grandchild behind; with killasgroup its stop sweeps it (it carries SUPERVICE_PROCESS_NAME=a).
        var tag = $"RELOAD_TRUST_TAG={Guid.NewGuid():N}"; // tells this test's leftovers from other daemons' on the machine
        var a = $"[program:a]\ncommand = sh -c 'setsid sleep 1001 & exec sleep 1000'\nstartsecs = 0\nkillasgroup = true\nenvironment = {tag}\n";
        const string other = "[program:other]\ncommand = sleep 1000\nstartsecs = 0\n";
        using var d = new Daemon(a + other);
        d.WaitState("a", "RUNNING");
        for (int round = 1; round <= 2; round++)
        {
            d.WriteConfig(other);
            var removed = d.Ctl("reload");
            Assert.AreEqual(0, removed.ExitCode, removed.Stdout + removed.Stderr);
            Wait.Until(() => d.Ctl("status", "a").ExitCode == 4, 15, $"a to be gone after round {round} (log:\n{d.Log})");
            d.WriteConfig(a + other);
            var added = d.Ctl("reload");
            Assert.AreEqual(0, added.ExitCode, added.Stdout + added.Stderr);
            d.WaitState("a", "RUNNING");
        }
        var stop = d.Ctl("stop", "a");
        Assert.AreEqual("a: stopped\n", stop.Stdout, stop.Stderr);
        Wait.Until(() => !Proc.All().Any(s => s.State != 'Z' && EnvironOf(s.Pid).Contains(tag)), 15,
            $"every leftover of a to be killed (log:\n{d.Log})");

        d.Signal(15);
        Assert.IsTrue(d.WaitExit(30), "the daemon exits");
        Assert.AreEqual(0, d.ExitCode, d.Log);
        Assert.IsFalse(d.Log.Contains("internal error"), $"no sweep threw (log:\n{d.Log})");
        StringAssert.Contains(d.Log, "all processes stopped", "the final sweep completed the shutdown");
    }

    private static string EnvironOf(int pid)
    {
        try { return Proc.Environ(pid); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return ""; }
    }
}
