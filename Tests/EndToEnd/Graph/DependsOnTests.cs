using System.Net;
using System.Net.Sockets;

namespace Supervice.Tests.EndToEnd.Graph;

/// <summary>Issue #12, `depends_on` end to end (SPEC §8.1): every condition, WAITING, failure propagation, `ctl start`
/// pulling in dependencies, shutdown order and reload, with real children gated by files the test creates.</summary>
[TestClass]
public class DependsOnTests
{
    private const string Gate = "while [ ! -f go ]; do sleep 0.05; done";

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    private static int Index(Daemon d, string line)
    {
        int i = d.Log.IndexOf(line, StringComparison.Ordinal);
        Assert.IsTrue(i >= 0, $"no '{line}' in log:\n{d.Log}");
        return i;
    }

    [TestMethod]
    public void RunningConditionWaitsForTheDependencyToBeRunning()
    {
        using var d = new Daemon("[program:db]\ncommand = sleep 1000\nautostart = false\n[program:web]\ncommand = sleep 1000\nstartsecs = 0\ndepends_on = db\n");
        d.WaitState("web", "WAITING");
        StringAssert.Contains(d.Ctl("status", "web").Stdout, "waiting for db (running)");
        StringAssert.Contains(d.Ctl("--json", "status", "web").Stdout, "\"info\":\"waiting for db (running)\"");
        Assert.AreEqual(0, d.Ctl("start", "db").ExitCode);
        d.WaitState("web", "RUNNING");
        Assert.IsTrue(Index(d, "db: STARTING -> RUNNING") < Index(d, "web: WAITING -> STARTING"), d.Log);
    }

    [TestMethod]
    public void StartedConditionIsMetWhileTheDependencyIsStillStarting()
    {
        using var d = new Daemon("[program:db]\ncommand = sleep 1000\nstartsecs = 60\n[program:web]\ncommand = sleep 1000\nstartsecs = 0\ndepends_on = db:started\n");
        d.WaitState("web", "RUNNING");
        Assert.AreEqual("STARTING", d.State("db"));
    }

    [TestMethod]
    public void CompletedConditionWaitsForAnExpectedExit()
    {
        using var d = new Daemon($"[program:migrate]\ncommand = sh -c '{Gate}'\nstartsecs = 0\nautorestart = false\n[program:app]\ncommand = sleep 1000\nstartsecs = 0\ndepends_on = migrate:completed\n");
        d.WaitState("app", "WAITING");
        StringAssert.Contains(d.Ctl("status", "app").Stdout, "waiting for migrate (completed)");
        File.WriteAllText(Path.Combine(d.Dir, "go"), "");
        d.WaitState("app", "RUNNING");
        Assert.AreEqual("EXITED", d.State("migrate"));
    }

    [TestMethod]
    public void CompletedWithAnUnexpectedCodeMakesOnlyItsDependentsFatal()
    {
        using var d = new Daemon($"[program:migrate]\ncommand = sh -c '{Gate}; exit 3'\nstartsecs = 0\nautorestart = false\n[program:app]\ncommand = sleep 1000\ndepends_on = migrate:completed\n[program:other]\ncommand = sleep 1000\nstartsecs = 0\n");
        d.WaitState("app", "WAITING");
        File.WriteAllText(Path.Combine(d.Dir, "go"), "");
        d.WaitState("app", "FATAL");
        StringAssert.Contains(d.Ctl("status", "app").Stdout, "dependency migrate failed (exited 3)");
        d.WaitLog("app: dependency migrate failed (exited 3)");
        Assert.AreEqual("RUNNING", d.State("other"));
    }

    [TestMethod]
    public void FatalDependencyMakesWaitingDependentsFatalTransitively()
    {
        using var d = new Daemon("[program:db]\ncommand = /nonexistent/db\n[program:web]\ncommand = sleep 1000\ndepends_on = db\n[program:proxy]\ncommand = sleep 1000\ndepends_on = web\n");
        d.WaitState("proxy", "FATAL");
        StringAssert.Contains(d.Ctl("status", "web").Stdout, "dependency db failed (FATAL)");
        StringAssert.Contains(d.Ctl("status", "proxy").Stdout, "dependency web failed (FATAL)");
    }

    [TestMethod]
    public void HealthyConditionWaitsForTheFirstPassingCheck()
    {
        int port = FreePort();
        using var d = new Daemon($"[program:app]\ncommand = sh -c '{Gate}; exec python3 -m http.server --bind 127.0.0.1 {port}'\nstartsecs = 0\n"
            + $"healthcheck_type = tcp\nhealthcheck_port = {port}\nhealthcheck_interval = 1\nhealthcheck_retries = 100\nhealthcheck_start_period = 0\n"
            + "[program:proxy]\ncommand = sleep 1000\nstartsecs = 0\ndepends_on = app:healthy\n");
        d.WaitState("app", "RUNNING");
        Assert.AreEqual("WAITING", d.State("proxy"));
        StringAssert.Contains(d.Ctl("status", "proxy").Stdout, "waiting for app (healthy)");
        File.WriteAllText(Path.Combine(d.Dir, "go"), "");
        d.WaitState("proxy", "RUNNING", 20);
    }

    [TestMethod]
    public void CtlStartPullsInStoppedDependenciesAndListsThem()
    {
        using var d = new Daemon("[program:db]\ncommand = sleep 1000\nstartsecs = 0\nautostart = false\n"
            + "[program:migrate]\ncommand = true\nstartsecs = 0\nautorestart = false\nautostart = false\ndepends_on = db\n"
            + "[program:web]\ncommand = sleep 1000\nstartsecs = 0\nautostart = false\ndepends_on = db, migrate:completed\n"
            + "[program:unrelated]\ncommand = sleep 1000\nautostart = false\n");
        var r = d.Ctl("start", "web");
        Assert.AreEqual(0, r.ExitCode, r.Stdout + r.Stderr);
        StringAssert.Contains(r.Stdout, "db");
        StringAssert.Contains(r.Stdout, "migrate");
        StringAssert.Contains(r.Stdout, "web");
        Assert.AreEqual("RUNNING", d.State("web"));
        Assert.AreEqual("STOPPED", d.State("unrelated"));
        var stop = d.Ctl("stop", "db");
        Assert.AreEqual(0, stop.ExitCode);
        Assert.AreEqual("RUNNING", d.State("web"), "ctl stop db stops only db");
    }

    [TestMethod]
    public void ShutdownStopsDependentsFirstEachLevelInParallel()
    {
        const string slow = "sh -c 'trap \"sleep 1; exit 0\" TERM; while :; do sleep 0.1; done'";
        // Priority alone would stop db (999) first: the dependency order must win.
        using var d = new Daemon($"[program:db]\ncommand = sleep 1000\nstartsecs = 0\n"
            + $"[program:web]\ncommand = {slow}\nstartsecs = 0\npriority = 1\ndepends_on = db\n[program:web2]\ncommand = {slow}\nstartsecs = 0\npriority = 1\ndepends_on = db\n");
        d.WaitState("web", "RUNNING");
        d.WaitState("web2", "RUNNING");
        d.Ctl("shutdown");
        Assert.IsTrue(d.WaitExit(30), d.Log);
        int webStopped = Math.Min(Index(d, "web: STOPPING -> STOPPED"), Index(d, "web2: STOPPING -> STOPPED"));
        Assert.IsTrue(Index(d, "web: RUNNING -> STOPPING") < webStopped && Index(d, "web2: RUNNING -> STOPPING") < webStopped, "one level in parallel:\n" + d.Log);
        Assert.IsTrue(Math.Max(Index(d, "web: STOPPING -> STOPPED"), Index(d, "web2: STOPPING -> STOPPED")) < Index(d, "db: RUNNING -> STOPPING"), d.Log);
    }

    [TestMethod]
    public void ReloadAppliesDependsOnLiveAndACycleChangesNothing()
    {
        const string programs = "[program:db]\ncommand = sleep 1000\nstartsecs = 0\n[program:web]\ncommand = sleep 1000\nstartsecs = 0\n";
        using var d = new Daemon(programs);
        d.WaitState("web", "RUNNING");
        int pid = d.PidOf("web");
        d.WriteConfig(programs.Replace("[program:web]", "depends_on = web\n[program:web]") + "depends_on = db\n");
        var bad = d.Ctl("reload");
        Assert.AreNotEqual(0, bad.ExitCode);
        StringAssert.Contains(bad.Stdout + bad.Stderr, "depends_on cycle: db -> web -> db");
        d.WriteConfig(programs + "depends_on = db\n");
        var good = d.Ctl("--json", "reload");
        Assert.AreEqual(0, good.ExitCode, good.Stdout + good.Stderr);
        StringAssert.Contains(good.Stdout, "\"changed\":[\"web\"]");
        StringAssert.Contains(good.Stdout, "\"restarted\":[]");
        Assert.AreEqual(pid, d.PidOf("web"));
        // Live: stopping db and starting web again now waits for db.
        d.Ctl("stop", "db", "web");
        d.Ctl("stop", "db");
        Assert.AreEqual(0, d.Ctl("start", "web").ExitCode);
        Assert.AreEqual("RUNNING", d.State("db"), "web's new dependency was pulled in");
    }
}
