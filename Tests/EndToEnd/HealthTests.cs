using System.Net;
using System.Net.Sockets;

namespace Supervice.Tests.EndToEnd;

/// <summary>Health checks end to end: real children, real ports and scripts.</summary>
[TestClass]
public class HealthTests
{
    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    private static string Server(string dir, int status)
    {
        var path = Path.Combine(dir, $"serve{status}.py");
        File.WriteAllText(path, $$"""
            import http.server, sys
            class H(http.server.BaseHTTPRequestHandler):
                def do_GET(self):
                    self.send_response({{status}}); self.end_headers(); self.wfile.write(b"x")
                def log_message(self, *a): pass
            http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
            """);
        return path;
    }

    /// <param name="startPeriod">Servers need it: python takes a moment before it listens.</param>
    private static string Checks(string type, string extra, int startPeriod = 0) =>
        $"healthcheck_type = {type}\nhealthcheck_interval = 1\nhealthcheck_timeout = 2\nhealthcheck_retries = 1\nhealthcheck_start_period = {startPeriod}\n{extra}";

    [TestMethod]
    public void ListeningChildIsHealthy()
    {
        int port = FreePort();
        var dir = Fixtures.TempDir("supervice-h-");
        using var d = new Daemon($"[program:srv]\ncommand = python3 {Server(dir, 200)} {port}\nstartsecs = 0\n{Checks("tcp", $"healthcheck_port = {port}\n", startPeriod: 2)}");
        Wait.Until(() => d.Ctl("status", "srv").Stdout.Contains(" OK"), 15, "HEALTH OK");
        StringAssert.Contains(d.Ctl("--json", "status", "srv").Stdout, "\"healthy\":true");
    }

    [TestMethod]
    public void RefusedPortGoesUnhealthyRestartsThenFatal()
    {
        int port = FreePort();
        // start_period 1: each run lives long enough to record itself before the first check kills it.
        using var d = new Daemon($"[program:dead]\ncommand = sh -c 'echo x >> spawns.txt; exec sleep 1000'\nstartsecs = 0\nstartretries = 1\n{Checks("tcp", $"healthcheck_port = {port}\n")}healthcheck_start_period = 1\n");
        d.WaitState("dead", "FATAL", 20);
        Assert.AreEqual(2, File.ReadAllLines(Path.Combine(d.Dir, "spawns.txt")).Length, "startretries=1: one health restart, two spawns");
        StringAssert.Contains(d.Log, "refused");
    }

    [TestMethod]
    public void FailingScriptShowsItsStderr()
    {
        using var d = new Daemon($"[program:s]\ncommand = sleep 1000\nstartsecs = 0\nautorestart = false\n{Checks("script", "healthcheck_command = echo database unreachable >&2; exit 3\n")}");
        Wait.Until(() => d.Ctl("status", "s").Stdout.Contains("database unreachable"), 15, "the script's stderr in INFO");
        Assert.AreEqual("UNHEALTHY", d.State("s"));
    }

    [TestMethod]
    public void HangingScriptIsKilledAtItsTimeout()
    {
        using var d = new Daemon($"[program:s]\ncommand = sleep 1000\nstartsecs = 0\nautorestart = false\n{Checks("script", "healthcheck_command = sh -c 'echo $$ >> hc.pid; exec sleep 1000'\n")}");
        var pidFile = Path.Combine(d.Dir, "hc.pid");
        Wait.Until(() => File.Exists(pidFile) && File.ReadAllText(pidFile).Trim().Length > 0, 10, "the check to start");
        var pid = int.Parse(File.ReadAllLines(pidFile)[0]);
        Wait.Until(() => d.Ctl("status", "s").Stdout.Contains("timed out"), 15, "the timeout message");
        Wait.Until(() => !Proc.Alive(pid), 5, "the hung check's process to be killed");
    }

    [TestMethod]
    public void HttpCheckOkOn200AndFailsOn500()
    {
        int ok = FreePort(), bad = FreePort();
        var dir = Fixtures.TempDir("supervice-h-");
        using var d = new Daemon(
            $"[program:good]\ncommand = python3 {Server(dir, 200)} {ok}\nstartsecs = 0\n{Checks("http", $"healthcheck_url = http://127.0.0.1:{ok}/health\n", startPeriod: 2)}" +
            $"[program:bad]\ncommand = python3 {Server(dir, 500)} {bad}\nstartsecs = 0\nautorestart = false\n{Checks("http", $"healthcheck_url = http://127.0.0.1:{bad}/\n", startPeriod: 2)}");
        Wait.Until(() => d.Ctl("status", "good").Stdout.Contains(" OK"), 15, "good to be OK");
        d.WaitState("bad", "UNHEALTHY", 15);
        StringAssert.Contains(d.Ctl("status", "bad").Stdout, "500");
    }

    [TestMethod]
    public void WithoutAutorestartStaysUnhealthy()
    {
        int port = FreePort();
        using var d = new Daemon($"[program:u]\ncommand = sh -c 'echo x >> spawns.txt; exec sleep 1000'\nstartsecs = 0\nautorestart = false\n{Checks("tcp", $"healthcheck_port = {port}\n")}");
        d.WaitState("u", "UNHEALTHY", 15);
        var pid = d.PidOf("u");
        Wait.Until(() => d.Log.Split("health check failed").Length > 3, 15, "checks to keep running");
        Assert.AreEqual("UNHEALTHY", d.State("u"));
        Assert.AreEqual(pid, d.PidOf("u"));
        Assert.AreEqual(1, File.ReadAllLines(Path.Combine(d.Dir, "spawns.txt")).Length);
    }
}
