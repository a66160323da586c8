using System.Diagnostics;
using Supervice.Tests.EndToEnd.Faults;

namespace Supervice.Tests.EndToEnd.Security;

/// <summary>SPEC §13 and §6.6, defects 2 and 13 of issue 10: the socket gets its mode at bind and its owner through a
/// descriptor of the node just bound, before listen, never by a path-following chmod/chown a swapped-in symlink could
/// redirect; `socket_owner` naming nobody known is a config error; at shutdown the socket goes before the state is
/// recorded and the pid file released. The syscalls are read from strace, which sees the order exactly.</summary>
[TestClass]
public class SocketTrustTests
{
    private const string Strace = "/usr/bin/strace";

    /// <summary>The daemon under `strace -f` (tracing `syscalls`) until it is shut down; the trace's lines.</summary>
    private static List<string> Traced(string syscalls, string supervice, string programs = "", Action<Daemon>? whileRunning = null)
    {
        if (!File.Exists(Strace)) Assert.Inconclusive("needs strace");
        var trace = Path.Combine(Fixtures.TempDir("supervice-trace-"), "trace");
        using (var d = new Daemon(programs, supervice, launcher: [Strace, "-f", "-qq", "-s", "256", "-o", trace, "-e", $"trace={syscalls}"]))
        {
            whileRunning?.Invoke(d);
            Assert.AreEqual(0, d.Ctl("shutdown").ExitCode, d.Log);
            Assert.IsTrue(d.WaitExit(30), "the traced daemon shuts down");
        }
        var lines = File.ReadAllLines(trace).ToList();
        Directory.Delete(Path.GetDirectoryName(trace)!, true);
        return lines;
    }

    private static (uint Uid, uint Gid, int Mode) Owner(string path)
    {
        var psi = new ProcessStartInfo("stat", ["-c", "%u %g %a", path]) { RedirectStandardOutput = true };
        using var p = Process.Start(psi)!;
        var f = p.StandardOutput.ReadToEnd().Trim().Split(' ');
        p.WaitForExit();
        return (uint.Parse(f[0]), uint.Parse(f[1]), Convert.ToInt32(f[2], 8));
    }

    [TestMethod]
    public void SocketModeAndOwnerAreSetBeforeListenAndNeverByPath()
    {
        if (!FaultKit.IsRoot) Assert.Inconclusive("needs root to give the socket to another owner");
        (uint, uint, int) seen = default;
        var trace = Traced("bind,listen,chmod,fchmod,fchmodat,chown,fchown,lchown,fchownat", "socket_mode = 0660\nsocket_owner = nobody",
            whileRunning: d => seen = Owner(d.Socket));
        Assert.AreEqual((65534u, 65534u, 0x1B0), seen, "the socket is nobody's, mode 0660");
        int bind = trace.FindIndex(l => l.Contains("bind(") && l.Contains("s.sock"));
        int listen = trace.FindIndex(bind + 1, l => l.Contains(" listen("));
        Assert.IsTrue(bind >= 0 && listen > bind, string.Join("\n", trace));
        var byPath = trace.Where(l => l.Contains("s.sock\"") && (l.Contains("chmod(") || l.Contains("chown(") || l.Contains("chmodat(") || l.Contains("chownat("))).ToList();
        Assert.IsEmpty(byPath, $"a path-following chmod/chown of the socket:\n{string.Join("\n", byPath)}");
        int chown = trace.FindIndex(bind, l => l.Contains("fchownat(") && l.Contains("AT_EMPTY_PATH"));
        Assert.IsTrue(chown > bind && chown < listen, $"the owner is set through the node's descriptor between bind and listen:\n{string.Join("\n", trace)}");
    }

    [TestMethod]
    public void ShutdownRemovesTheSocketThenRecordsStateThenReleasesThePidFile()
    {
        var trace = Traced("unlink,unlinkat,rename,renameat,renameat2", "", "[program:a]\ncommand = sleep 60\nstartsecs = 0\n",
            d => Wait.Until(() => File.Exists(Path.Combine(d.Dir, ".supervice.state.json")), 10, "the first state write"));
        int socket = trace.FindIndex(l => l.Contains("unlink") && l.Contains("s.sock\""));
        int state = trace.FindLastIndex(l => l.Contains("rename") && l.Contains(".supervice.state.json\""));
        int pid = trace.FindIndex(l => l.Contains("unlink") && l.Contains("supervice.pid\""));
        var shown = string.Join("\n", trace.Where(l => l.Contains("s.sock") || l.Contains("state.json") || l.Contains("supervice.pid")));
        Assert.IsTrue(socket >= 0 && state >= 0 && pid >= 0, shown);
        Assert.IsTrue(socket < state, $"the state was recorded while the socket still answered:\n{shown}");
        Assert.IsTrue(state < pid, $"the pid file went before the state was recorded:\n{shown}");
    }

    [TestMethod]
    public void UnknownSocketOwnerIsAConfigErrorWithItsLine()
    {
        var dir = Fixtures.TempDir("supervice-owner-");
        try
        {
            var conf = Path.Combine(dir, "supervice.conf");
            File.WriteAllText(conf, $"[supervice]\nsocket = {dir}/s.sock\nsocket_owner = no-such-user-xyz:no-such-group-xyz\n[program:a]\ncommand = sleep 1\n");
            var r = Bin.Run("check-config", "-c", conf);
            Assert.AreEqual(1, r.ExitCode, r.Stdout + r.Stderr);
            StringAssert.Contains(r.Stdout, $"{conf}:3: error: socket_owner 'no-such-user-xyz:no-such-group-xyz': user 'no-such-user-xyz' does not exist");
            StringAssert.Contains(r.Stdout, $"{conf}:3: error: socket_owner 'no-such-user-xyz:no-such-group-xyz': group 'no-such-group-xyz' does not exist");
            var daemon = Bin.Run("daemon", "-n", "-c", conf);
            Assert.AreEqual(1, daemon.ExitCode, "the daemon refuses the same file");
            Assert.IsFalse(File.Exists(Path.Combine(dir, "s.sock")));
        }
        finally { Directory.Delete(dir, true); }
    }
}
