namespace Supervice.Tests.EndToEnd.Graph;

/// <summary>Issue #12, readiness end to end (SPEC §8.2): every kind with real children that become ready only when the
/// test creates a gate file, so STARTING is observed before RUNNING; notify's credential check and its watchdog.</summary>
[TestClass]
public class ReadinessTests
{
    private const string Gate = "while [ ! -f go ]; do sleep 0.05; done";

    private static void Open(Daemon d) => File.WriteAllText(Path.Combine(d.Dir, "go"), "");

    /// <summary>A daemon whose directory holds notify.py: it publishes its NOTIFY_SOCKET, waits for the gate, sends
    /// READY=1 with a STATUS, then `pings` watchdog pings 0.3 s apart, then stays silent.</summary>
    private static Daemon WithNotifyChild(string programs, int pings)
    {
        var dir = Fixtures.TempDir("supervice-e2e-");
        var path = Path.Combine(dir, "notify.py");
        File.WriteAllText(path, $$"""
            import os, socket, time
            addr = os.environ["NOTIFY_SOCKET"]
            open("addr.tmp", "w").write(addr); os.rename("addr.tmp", "addr")
            s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
            target = "\0" + addr[1:] if addr[0] == "@" else addr
            while not os.path.exists("go"): time.sleep(0.05)
            s.sendto(b"STATUS=serving\nREADY=1", target)
            for i in range({{pings}}):
                time.sleep(0.3); s.sendto(b"WATCHDOG=1", target)
            time.sleep(1000)
            """);
        return new Daemon(programs, dir: dir);
    }

    private static void SendFromOutside(Daemon d, string text)
    {
        var addr = Wait.For(() => File.Exists(Path.Combine(d.Dir, "addr")) ? File.ReadAllText(Path.Combine(d.Dir, "addr")) : null, 10, "the child's NOTIFY_SOCKET");
        var r = Bin.RunWith("python3", d.Dir, ["-c", $"import socket; s=socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); s.sendto(b'{text}', '\\0' + '{addr[1..]}')"]);
        Assert.AreEqual(0, r.ExitCode, r.Stderr);
    }

    [TestMethod]
    public void NotifyReadyFromTheChildMakesItRunningWithItsStatus()
    {
        using var d = WithNotifyChild("[program:n]\ncommand = python3 notify.py\nreadiness = notify\nstartsecs = 0\n", 0);
        d.WaitState("n", "STARTING");
        Open(d);
        d.WaitState("n", "RUNNING");
        StringAssert.Contains(d.Ctl("status", "n").Stdout, "serving");
    }

    [TestMethod]
    public void NotifyDatagramFromAnUnrelatedProcessIsIgnored()
    {
        using var d = WithNotifyChild("[program:n]\ncommand = python3 notify.py\nreadiness = notify\n", 0);
        SendFromOutside(d, "READY=1");
        d.WaitLog("ignored a notify datagram from pid");
        Assert.AreEqual("STARTING", d.State("n"));
        Open(d);
        d.WaitState("n", "RUNNING");
    }

    [TestMethod]
    public void WatchdogMissRestartsTheProcess()
    {
        using var d = WithNotifyChild("[program:n]\ncommand = python3 notify.py\nreadiness = notify\nwatchdog_sec = 1\n", 3);
        Open(d);
        d.WaitState("n", "RUNNING");
        int first = d.PidOf("n");
        d.WaitLog("n: watchdog timeout", 15);
        Wait.Until(() => d.State("n") == "RUNNING" && d.PidOrZero("n") is var pid && pid != 0 && pid != first, 15, "a new run after the watchdog miss");
    }

    [TestMethod]
    public void OnlyNotifyProgramsGetNotifySocket()
    {
        using var d = new Daemon("[program:o]\ncommand = sh -c 'echo \"socket=[$NOTIFY_SOCKET]\"; exec sleep 1000'\nstartsecs = 0\n",
            env: new Dictionary<string, string> { ["NOTIFY_SOCKET"] = "@someone-elses" });
        d.WaitState("o", "RUNNING");
        Wait.Until(() => d.Ctl("tail", "o").Stdout.Contains("socket=[]"), 10, "o's output");
    }

    [TestMethod]
    public void FdReadinessWaitsForANewlineOnFdN()
    {
        using var d = new Daemon($"[program:a]\ncommand = sh -c '{Gate}; echo >&5; exec sleep 1000'\nreadiness = fd:5\n"
            + $"[program:b]\ncommand = sh -c '{Gate}; echo >&3; exec sleep 1000'\nreadiness = fd:3\npdeathsig = false\n"
            + $"[program:c]\ncommand = sh -c '{Gate}; echo >&3; exec sleep 1000'\nreadiness = fd:3\n");
        d.WaitState("a", "STARTING");
        Assert.AreEqual("STARTING", d.State("b"));
        StringAssert.Contains(d.Ctl("status", "a").Stdout, "waiting for a newline on fd 5");
        Open(d);
        d.WaitState("a", "RUNNING");
        d.WaitState("b", "RUNNING");
        d.WaitState("c", "RUNNING");
    }

    [TestMethod]
    public void LogReadinessWaitsForTheTextOnEitherStream()
    {
        using var d = new Daemon($"[program:out]\ncommand = sh -c 'echo booting; {Gate}; printf \"server listen\"; printf \"ing on 80\\n\"; exec sleep 1000'\nreadiness = log:listening on\n"
            + $"[program:err]\ncommand = sh -c '{Gate}; echo ready now >&2; exec sleep 1000'\nreadiness = log:ready now\n");
        d.WaitState("out", "STARTING");
        Wait.Until(() => d.Ctl("tail", "out").Stdout.Contains("booting"), 10, "out's first line");
        Assert.AreEqual("STARTING", d.State("out"));
        StringAssert.Contains(d.Ctl("status", "out").Stdout, "waiting for \"listening on\" in its output");
        Open(d);
        d.WaitState("out", "RUNNING");
        d.WaitState("err", "RUNNING");
    }

    [TestMethod]
    public void HealthReadinessWaitsForTheFirstPassingCheck()
    {
        using var d = new Daemon("[program:h]\ncommand = sleep 1000\nreadiness = health\nhealthcheck_type = script\nhealthcheck_command = test -f go\n"
            + "healthcheck_interval = 1\nhealthcheck_start_period = 0\nhealthcheck_retries = 100\n");
        d.WaitState("h", "STARTING");
        Open(d);
        d.WaitState("h", "RUNNING", 15);
    }

    [TestMethod]
    public void NotReadyInTimeIsAFailedAttempt()
    {
        using var d = new Daemon("[program:slow]\ncommand = sleep 1000\nreadiness = log:never\nready_timeout = 1\nstartretries = 0\n");
        d.WaitState("slow", "FATAL", 15);
        StringAssert.Contains(d.Log, "not ready after 1s (ready_timeout)");
    }
}
