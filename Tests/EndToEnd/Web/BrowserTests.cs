using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Supervice.Tests.EndToEnd.Web;

/// <summary>The dashboard in a real browser (Debian's chromium, headless, driven by playwright-core from
/// Tests/Browser): it shows every process with its state, Stop and Start act (seen on the page and in
/// `ctl status`), and the log views show what the program printed. Over TCP behind Basic auth.</summary>
[TestClass]
public class BrowserTests
{
    private static readonly string BrowserDir = Path.Combine(AppContext.BaseDirectory, "../../../../Browser");

    [TestMethod]
    public void TheDashboardShowsActsAndFollowsLogsInChromium()
    {
        var dir = Path.GetFullPath(BrowserDir);
        if (!File.Exists("/usr/bin/chromium")) Assert.Fail("Debian's chromium is not installed (apt-get install chromium; .ci/run does it)");
        if (!Directory.Exists(Path.Combine(dir, "node_modules", "playwright-core")))
            Assert.Fail($"playwright-core is not installed in {dir} (npm install there; .ci/run does it)");
        int port = FreePort();
        using var d = new Daemon(
            $"[inet_http_server]\nport = 127.0.0.1:{port}\nusername = admin\npassword = s3cret\n" +
            "[program:web]\ncommand = /bin/sh -c 'echo hello from web; exec sleep 1000'\nstartsecs = 0\n" +
            "[program:worker]\ncommand = sleep 1000\nnumprocs = 2\nprocess_name = %(program_name)s_%(process_num)s\nstartsecs = 0\n" +
            "[program:once]\ncommand = /bin/sh -c 'echo done'\nstartsecs = 0\nautorestart = false\n" +
            "[program:broken]\ncommand = /bin/sh -c 'exit 1'\nstartsecs = 1\nstartretries = 0\n" +
            "[program:off]\ncommand = sleep 1000\nautostart = false\n");
        d.WaitState("web", "RUNNING");
        d.WaitState("once", "EXITED");
        d.WaitState("broken", "FATAL");
        var expected = JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["web"] = "RUNNING", ["worker_0"] = "RUNNING", ["worker_1"] = "RUNNING", ["once"] = "EXITED", ["broken"] = "FATAL", ["off"] = "STOPPED",
        });
        var shot = Environment.GetEnvironmentVariable("SUPERVICE_DASHBOARD_SCREENSHOT") ?? Path.Combine(d.Dir, "dashboard.png");
        var psi = new ProcessStartInfo("node") { WorkingDirectory = dir, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "dashboard.mjs", $"http://127.0.0.1:{port}/", "admin", "s3cret", expected, shot }) psi.ArgumentList.Add(a);
        using var node = Process.Start(psi)!;
        var stderr = node.StandardError.ReadToEndAsync();
        try
        {
            string? Next() => node.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60)).GetAwaiter().GetResult();
            string Fail(string step) => $"the browser did not reach {step}: {(node.HasExited ? stderr.GetAwaiter().GetResult() : "(still running)")}\ndaemon log:\n{d.Log}";
            Assert.AreEqual("all-states-seen", Next(), Fail("every process with its state"));
            Assert.AreEqual("screenshot", Next(), Fail("the screenshot"));
            Assert.IsTrue(File.Exists(shot), shot);
            Assert.AreEqual("stopped-on-page", Next(), Fail("STOPPED on the page after clicking Stop"));
            Assert.AreEqual("STOPPED", d.State("web"), "ctl status after the click");
            node.StandardInput.WriteLine("continue");
            node.StandardInput.Flush();
            Assert.AreEqual("running-on-page", Next(), Fail("RUNNING on the page after clicking Start"));
            Assert.AreEqual("RUNNING", d.State("web"));
            Assert.AreEqual("log-seen", Next(), Fail("the program's line in its log view"));
            Assert.AreEqual("mainlog-seen", Next(), Fail("the daemon log view"));
            Assert.IsTrue(node.WaitForExit(30_000), "the browser script did not end");
            Assert.AreEqual(0, node.ExitCode, stderr.GetAwaiter().GetResult());
        }
        finally
        {
            if (!node.HasExited) node.Kill(entireProcessTree: true);
        }
        Assert.DoesNotContain("   at ", d.Log);
    }

    private static int FreePort()
    {
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        return ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
    }
}
