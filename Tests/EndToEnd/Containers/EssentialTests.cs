namespace Supervice.Tests.EndToEnd.Containers;

/// <summary>`essential = true` and `exit_when_done`: the daemon ends by itself, with an exit status that says why.</summary>
[TestClass]
public class EssentialTests
{
    private const string Side = "[program:side]\ncommand = sleep 1000\nstartsecs = 0\n";

    private static void AssertExits(Daemon d, int code, string why)
    {
        Assert.IsTrue(d.WaitExit(30), $"the daemon did not exit ({why}); log:\n{d.Log}");
        Assert.AreEqual(code, d.ExitCode, $"{why}; log:\n{d.Log}");
    }

    [TestMethod]
    public void AnEssentialProgramsExitCodeBecomesTheDaemons()
    {
        using var d = new Daemon("[program:main]\ncommand = sh -c 'sleep 0.5; exit 3'\nstartsecs = 0\nautorestart = false\nessential = true\n" + Side);
        var side = d.PidOf("side");
        AssertExits(d, 3, "exit 3 of the essential program");
        StringAssert.Contains(d.Log, "essential program main ended (EXITED, exited 3): shutting down with exit status 3");
        Assert.IsFalse(Proc.Alive(side), "the other program was stopped");
        StringAssert.Contains(d.Log, "side: RUNNING -> STOPPING");
    }

    [TestMethod]
    public void KilledBySignalIs128PlusTheSignal()
    {
        using var d = new Daemon("[program:main]\ncommand = sleep 1000\nstartsecs = 0\nautorestart = false\nessential = true\n" + Side);
        Proc.Kill(d.PidOf("main"), 9);
        AssertExits(d, 137, "SIGKILL of the essential program");
        StringAssert.Contains(d.Log, "essential program main ended (EXITED, killed by SIGKILL)");
    }

    [TestMethod]
    public void FatalEssentialProgramEndsTheDaemonWithItsLastCode()
    {
        // Not waited for ready: the one attempt fails at once, so the daemon may have ended before a status request.
        using var d = new Daemon("[program:main]\ncommand = sh -c 'exit 4'\nstartsecs = 5\nstartretries = 0\nessential = true\n" + Side, waitReady: false);
        AssertExits(d, 4, "FATAL after one failed attempt that exited 4");
        StringAssert.Contains(d.Log, "essential program main ended (FATAL, exited 4)");
    }

    [TestMethod]
    public void StoppingAnEssentialProgramIsNotAnEnd()
    {
        using var d = new Daemon("[program:main]\ncommand = sleep 1000\nstartsecs = 0\nessential = true\n" + Side);
        var r = d.Ctl("stop", "main");
        Assert.AreEqual(0, r.ExitCode, r.Stdout + r.Stderr);
        // The rule runs right after the transition, on the loop; a later request answered proves it has run.
        Assert.AreEqual("STOPPED", d.State("main"));
        Assert.AreEqual("RUNNING", d.State("side"));
        Assert.IsFalse(d.HasExited, d.Log);
        Assert.IsFalse(d.Log.Contains("essential program"), d.Log);
        r = d.Ctl("start", "main");
        Assert.AreEqual(0, r.ExitCode, r.Stdout + r.Stderr);
    }

    [TestMethod]
    public void ExitWhenDoneWithEveryOneShotGoodExits0()
    {
        using var d = new Daemon("[program:a]\ncommand = sh -c 'sleep 0.3'\nstartsecs = 0\nautorestart = false\n" +
                                 "[program:b]\ncommand = sh -c 'sleep 0.6; exit 2'\nstartsecs = 0\nautorestart = false\nexitcodes = 0,2\n",
            supervice: "exit_when_done = true", waitReady: false);
        AssertExits(d, 0, "both one-shots ended with an expected code");
        StringAssert.Contains(d.Log, "exit_when_done: every process is done: exit status 0");
    }

    [TestMethod]
    public void ExitWhenDoneWithOneBadOneShotExits1AndNamesIt()
    {
        using var d = new Daemon("[program:good]\ncommand = true\nstartsecs = 0\nautorestart = false\n" +
                                 "[program:bad]\ncommand = sh -c 'sleep 0.3; exit 5'\nstartsecs = 0\nautorestart = false\n",
            supervice: "exit_when_done = true", waitReady: false);
        AssertExits(d, 1, "one one-shot exited 5");
        StringAssert.Contains(d.Log, "not as expected: bad: exit status 1");
    }

    [TestMethod]
    public void ExitWhenDoneWaitsForALongRunningProgram()
    {
        using var d = new Daemon("[program:once]\ncommand = true\nstartsecs = 0\nautorestart = false\n" + Side, supervice: "exit_when_done = true");
        d.WaitState("once", "EXITED");
        Assert.AreEqual("RUNNING", d.State("side"));
        Assert.IsFalse(d.HasExited, "side still runs, so the daemon is not done");
        Proc.Kill(d.PidOf("side"), 9);
        Wait.Until(() => d.PidOrZero("side") is var p && p != 0 && Proc.Alive(p), 10, "side to be restarted after the kill");
        Assert.IsFalse(d.HasExited, "a restart keeps the daemon going");
        d.Ctl("stop", "side");
        AssertExits(d, 0, "once exited 0 and side was stopped on purpose");
    }

    /// <summary>BACKOFF → STOPPED (a `ctl stop` between retries) has no child on either side: it must still count.</summary>
    [TestMethod]
    public void ExitWhenDoneNoticesAStopDuringBackoff()
    {
        using var d = new Daemon("[program:flaky]\ncommand = sh -c 'exit 1'\nstartsecs = 1\nstartretries = 10\n", supervice: "exit_when_done = true");
        d.WaitState("flaky", "BACKOFF");
        d.Ctl("stop", "flaky");
        AssertExits(d, 0, "the only program was stopped on purpose while backing off");
        StringAssert.Contains(d.Log, "flaky: BACKOFF -> STOPPED");
    }
}
