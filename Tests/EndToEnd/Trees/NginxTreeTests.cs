namespace Supervice.Tests.EndToEnd.Trees;

/// <summary>SPEC §14 with Debian's nginx (a master and two workers in one process group), in both containments.</summary>
[TestClass]
public class NginxTreeTests
{
    private const string Nginx = "/usr/sbin/nginx";

    private static (string Dir, int Port, string Programs) Setup(string extra = "")
    {
        TreeKit.Require(Nginx, "nginx-light");
        var dir = TreeKit.Dir();
        int port = TreeKit.FreePort();
        File.WriteAllText(Path.Combine(dir, "nginx.conf"), $$"""
            worker_processes 2;
            pid {{dir}}/nginx.pid;
            error_log {{dir}}/error.log;
            events { worker_connections 64; }
            http {
              access_log off;
              client_body_temp_path {{dir}}/body;
              proxy_temp_path {{dir}}/proxy;
              fastcgi_temp_path {{dir}}/fastcgi;
              uwsgi_temp_path {{dir}}/uwsgi;
              scgi_temp_path {{dir}}/scgi;
              server { listen 127.0.0.1:{{port}}; location / { return 200 "hello from nginx\n"; } }
            }
            """);
        var programs = $"[program:nginx]\ncommand = {Nginx} -p {dir} -c {dir}/nginx.conf -g 'daemon off;'\nstartsecs = 1\nstopwaitsecs = 5\n{extra}";
        return (dir, port, programs);
    }

    private static List<int> Workers(int master)
        => Proc.Children(master).Where(c => Proc.Comm(c.Pid) == "nginx").Select(c => c.Pid).ToList();

    private static List<int> WaitForWorkers(int master)
        => Wait.For(() => Workers(master) is { Count: 2 } w ? w : null, 10, $"two workers of nginx master {master}");

    [TestMethod]
    [DataRow("cgroup")]
    [DataRow("pgid")]
    public void KilledMasterIsReplacedByATreeThatServesThePort(string mode)
    {
        var (dir, port, programs) = Setup();
        try
        {
            using var d = TreeKit.Start(mode, programs, dir);
            d.WaitState("nginx", "RUNNING", 15);
            Assert.AreEqual(mode, TreeKit.Containment(d, "nginx"));
            int master = d.PidOf("nginx");
            var workers = WaitForWorkers(master);
            StringAssert.Contains(TreeKit.HttpGet(port), "hello from nginx");

            Proc.Kill(master, 9);
            Wait.Until(() => d.PidOrZero("nginx") is var p && p != 0 && p != master && d.State("nginx") == "RUNNING", 20, $"a new nginx RUNNING (log:\n{d.Log})");
            foreach (var w in workers) Assert.IsFalse(Proc.Alive(w), $"old worker {w} outlived its master");
            d.WaitLog("nginx: killed by SIGKILL; restarting; waiting for ");
            int second = d.PidOf("nginx");
            WaitForWorkers(second);
            StringAssert.Contains(TreeKit.HttpGet(port), "hello from nginx");
            var errors = File.Exists(Path.Combine(dir, "error.log")) ? File.ReadAllText(Path.Combine(dir, "error.log")) : "";
            Assert.DoesNotContain("Address already in use", errors);
            Assert.AreEqual(2, TreeKit.CountLines(d.Log, "nginx: spawned pid"), $"one restart, no crash loop (log:\n{d.Log})");
            Assert.AreEqual(second, d.PidOf("nginx"), "the new master stays up");
        }
        finally { Directory.Delete(dir, true); }
    }

    [TestMethod]
    [DataRow("cgroup")]
    [DataRow("pgid")]
    public void StopAndShutdownLeaveNoNginxProcess(string mode)
    {
        var (dir, port, programs) = Setup();
        try
        {
            using var d = TreeKit.Start(mode, programs, dir);
            d.WaitState("nginx", "RUNNING", 15);
            int master = d.PidOf("nginx");
            var tree = WaitForWorkers(master).Append(master).ToList();

            var stop = d.Ctl("stop", "nginx");
            StringAssert.Contains(stop.Stdout, "nginx: stopped");
            foreach (var pid in tree) Assert.IsFalse(Proc.Alive(pid), $"pid {pid} still alive when ctl stop said stopped");
            Assert.IsNull(TreeKit.HttpGet(port), "nothing serves the port after stop");

            StringAssert.Contains(d.Ctl("start", "nginx").Stdout, "nginx: started");
            master = d.PidOf("nginx");
            tree = WaitForWorkers(master).Append(master).ToList();
            StringAssert.Contains(d.Ctl("shutdown").Stdout, "Shut down");
            Assert.IsTrue(d.WaitExit(30), "the daemon exits");
            foreach (var pid in tree) Assert.IsFalse(Proc.Alive(pid), $"pid {pid} survived the shutdown");
            Assert.IsFalse(TreeKit.CgroupLeft(d.Pid), "the daemon's cgroup is removed at exit");
        }
        finally { Directory.Delete(dir, true); }
    }

    [TestMethod]
    public void HupReloadsGracefully()
    {
        var (dir, port, programs) = Setup();
        try
        {
            using var d = new Daemon(programs, dir: dir);
            d.WaitState("nginx", "RUNNING", 15);
            int master = d.PidOf("nginx");
            var before = WaitForWorkers(master);
            StringAssert.Contains(d.Ctl("signal", "HUP", "nginx").Stdout, "nginx: signalled");
            Wait.Until(() => before.All(w => !Proc.Alive(w)) && Workers(master).Count == 2, 15, "the workers to be replaced");
            Assert.AreEqual(master, d.PidOf("nginx"), "the master is kept");
            Assert.AreEqual("RUNNING", d.State("nginx"));
            Assert.IsFalse(Workers(master).Intersect(before).Any());
            StringAssert.Contains(TreeKit.HttpGet(port), "hello from nginx");
            Assert.AreEqual(1, TreeKit.CountLines(d.Log, "nginx: spawned pid"), "a reload is not a restart");
        }
        finally { Directory.Delete(dir, true); }
    }

    /// <summary>killasgroup = false keeps supervisord's behaviour: the workers of a master that died are left alone —
    /// but nothing survives the daemon's shutdown.</summary>
    [TestMethod]
    public void KillAsGroupFalseLeavesTheWorkers()
    {
        var (dir, _, programs) = Setup("killasgroup = false\nstopasgroup = false\nstartretries = 0\nautorestart = false\n");
        var workers = new List<int>();
        try
        {
            using var d = new Daemon(programs, env: new Dictionary<string, string> { ["SUPERVICE_CONTAINMENT"] = "pgid" }, dir: dir);
            d.WaitState("nginx", "RUNNING", 15);
            int master = d.PidOf("nginx");
            workers = WaitForWorkers(master);
            Proc.Kill(master, 9);
            d.WaitState("nginx", "EXITED");
            Assert.IsTrue(workers.All(Proc.Alive), "the workers were left running");
            Assert.DoesNotContain("leftover", d.Log);
            d.Ctl("shutdown");
            Assert.IsTrue(d.WaitExit(30));
            foreach (var w in workers) Assert.IsFalse(Proc.Alive(w), $"worker {w} survived the daemon's shutdown");
        }
        finally
        {
            foreach (var w in workers) Proc.Kill(w, 9);
            Directory.Delete(dir, true);
        }
    }
}
