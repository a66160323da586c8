using Supervice.Rpc.Server;
using Supervice.Tests.Unit.Rpc.Server;

namespace Supervice.Tests.EndToEnd;

/// <summary>The AOT binary's ctl verbs against an in-process RpcServer with the fake backend.</summary>
/// <remarks>In-process server: RpcServer binds under a process-wide umask(0177) for a moment, which would give a
/// file or directory another test class creates meanwhile the wrong mode; so these run alone.</remarks>
[TestClass]
[DoNotParallelize]
public class CtlTests
{
    private string _dir = "";
    private string _sock = "";
    private RpcServer? _server;

    [TestInitialize]
    public void Init()
    {
        _dir = SocketKit.TempDir();
        _sock = Path.Combine(_dir, "c.sock");
        _server = SocketKit.StartServer(_sock, new FakeBackend());
    }

    [TestCleanup]
    public void Cleanup() { _server?.Dispose(); Directory.Delete(_dir, true); }

    private Bin.Result Ctl(params string[] args) => Bin.Run(["ctl", "-s", _sock, .. args]);

    [TestMethod]
    public void StatusPrintsTheTableAndExits3WhenAProcessIsStopped()
    {
        var r = Ctl("status");
        Assert.AreEqual(3, r.ExitCode, r.Stderr);
        var lines = r.Stdout.Split('\n');
        Assert.AreEqual("NAME                 STATE      PID        UPTIME      ", lines[0]);
        Assert.AreEqual("web                  RUNNING    101        1:05        ", lines[2]);
        Assert.AreEqual("worker               STOPPED    -          -           ", lines[3]);
    }

    [TestMethod]
    public void StatusOfRunningNamesExits0AndUnknownNameExits4()
    {
        Assert.AreEqual(0, Ctl("status", "web").ExitCode);
        var r = Ctl("status", "nope");
        Assert.AreEqual(4, r.ExitCode);
        StringAssert.Contains(r.Stdout, "nope: ERROR (no such process)");
    }

    [TestMethod]
    public void StartPrintsOneLinePerProcessAndExits7OnSpawnError()
    {
        var r = Ctl("start", "g:*");
        Assert.AreEqual(7, r.ExitCode);
        Assert.AreEqual("web: started\nworker: ERROR (spawn error)\n", r.Stdout);
        Assert.AreEqual(0, Ctl("start", "web").ExitCode);
    }

    [TestMethod]
    public void StopAndSignalAndPid()
    {
        Assert.AreEqual("web: stopped\nworker: stopped\n", Ctl("stop", "all").Stdout);
        var sig = Ctl("signal", "HUP", "web");
        Assert.AreEqual(0, sig.ExitCode);
        Assert.AreEqual("web: signalled\n", sig.Stdout);
        Assert.AreEqual(7, Ctl("signal", "TERM", "worker").ExitCode);
        Assert.AreEqual("4242\n", Ctl("pid").Stdout);
        var pids = Ctl("pid", "web", "worker");
        Assert.AreEqual("101\n0\n", pids.Stdout);
        Assert.AreEqual(7, pids.ExitCode);
    }

    [TestMethod]
    public void BadArgumentsExit2()
    {
        Assert.AreEqual(2, Ctl("start").ExitCode);
        Assert.AreEqual(2, Ctl("signal").ExitCode);
        Assert.AreEqual(2, Ctl("signal", "NOPE", "web").ExitCode);
        Assert.AreEqual(2, Ctl("tail", "-n", "-3", "web").ExitCode);
        Assert.AreEqual(2, Ctl("tail", "web", "both").ExitCode);
        Assert.AreEqual(2, Ctl("startgroup").ExitCode);
    }

    [TestMethod]
    public void ReloadTailShutdownVersion()
    {
        Assert.AreEqual("Added: new\nChanged: web\nRestarted: web\n", Ctl("reload").Stdout);
        Assert.AreEqual("Would add: new\nWould change: web\nWould restart: web\n", Ctl("reload", "--dry-run").Stdout);
        Assert.AreEqual("line1\nline2\n", Ctl("tail", "web").Stdout);
        Assert.AreEqual("Shut down\n", Ctl("shutdown").Stdout);
        StringAssert.Contains(Ctl("version").Stdout, "daemon: supervice 9.9.9");
    }

    [TestMethod]
    public void JsonPrintsTheReplyAsOneDocument()
    {
        var r = Ctl("--json", "status");
        Assert.AreEqual(3, r.ExitCode);
        StringAssert.StartsWith(r.Stdout, "{\"status\":\"ok\",\"processes\":[");
        Assert.AreEqual(1, r.Stdout.Trim().Split('\n').Length);
    }

    [TestMethod]
    public void MissingSocketSaysNotRunningAndExits4()
    {
        var r = Bin.Run("ctl", "-s", Path.Combine(_dir, "none.sock"), "status");
        Assert.AreEqual(4, r.ExitCode);
        Assert.AreEqual($"supervice is not running (no socket at {Path.Combine(_dir, "none.sock")})\n", r.Stderr);
        Assert.AreEqual("", r.Stdout);
    }

    [TestMethod]
    public void RefusedConnectionSaysNotRunningAndExits4()
    {
        var path = Path.Combine(_dir, "plain.sock");
        File.WriteAllText(path, "");
        var r = Bin.Run("ctl", "-s", path, "status");
        Assert.AreEqual(4, r.ExitCode);
        StringAssert.StartsWith(r.Stderr, "supervice is not running (");
    }

    [TestMethod]
    public void SocketComesFromTheConfigGivenWithC()
    {
        var conf = Path.Combine(_dir, "s.conf");
        File.WriteAllText(conf, $"[supervice]\nsocket = {_sock}\n");
        Assert.AreEqual(0, Bin.Run("ctl", "-c", conf, "status", "web").ExitCode);
    }
}
