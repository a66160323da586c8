using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Supervice.Tests.EndToEnd.Trees;

/// <summary>Shared by the whole-tree tests: a daemon in one containment mode, free ports, tiny clients.</summary>
public static class TreeKit
{
    /// <summary>"cgroup" (the default where the daemon can create groups) or "pgid" (forced by SUPERVICE_CONTAINMENT).</summary>
    public static Daemon Start(string mode, string programs, string dir)
    {
        var env = mode == "pgid" ? new Dictionary<string, string> { ["SUPERVICE_CONTAINMENT"] = "pgid" } : null;
        var d = new Daemon(programs, env: env, dir: dir);
        try { d.WaitLog("containment: "); }
        catch { d.Dispose(); throw; }
        if (mode == "cgroup" && !d.Log.Contains("containment: cgroup v2"))
        {
            var line = d.Log.Split('\n').First(l => l.Contains("containment: "));
            d.Dispose();
            Assert.Inconclusive($"cgroup v2 containment is not usable here: {line.Trim()}");
        }
        return d;
    }

    public static string Containment(Daemon d, string name)
    {
        var m = System.Text.RegularExpressions.Regex.Match(d.Ctl("--json", "status", name).Stdout, "\"containment\"\\s*:\\s*\"([a-z]+)\"");
        return m.Success ? m.Groups[1].Value : "(none)";
    }

    public static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    /// <summary>One exchange on a loopback port: the answer, or null when nothing answers.</summary>
    public static string? Ask(int port, string request)
    {
        try
        {
            using var c = new TcpClient();
            c.ReceiveTimeout = c.SendTimeout = 3000;
            c.Connect(IPAddress.Loopback, port);
            var s = c.GetStream();
            s.Write(Encoding.ASCII.GetBytes(request));
            var buf = new byte[4096];
            var text = new StringBuilder();
            int n;
            while ((n = s.Read(buf)) > 0) { text.Append(Encoding.ASCII.GetString(buf, 0, n)); if (request.StartsWith("PING")) break; }
            return text.ToString();
        }
        catch (Exception e) when (e is SocketException or IOException) { return null; }
    }

    public static string? HttpGet(int port) => Ask(port, "GET / HTTP/1.0\r\nHost: localhost\r\n\r\n");

    public static void Require(string path, string package)
    {
        if (!File.Exists(path)) Assert.Fail($"{path} is missing: install the Debian package {package} (.ci/run does)");
    }

    /// <summary>A program's own directory for a test; removed by the caller.</summary>
    public static string Dir() => Fixtures.TempDir("supervice-tree-");

    public static int CountLines(string text, string needle) => text.Split('\n').Count(l => l.Contains(needle));

    /// <summary>No cgroup of this daemon is left once it exited.</summary>
    public static bool CgroupLeft(int daemonPid)
        => Directory.Exists($"/sys/fs/cgroup/unified/supervice.{daemonPid}") || Directory.Exists($"/sys/fs/cgroup/supervice.{daemonPid}");
}
