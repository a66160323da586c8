using System.Diagnostics;
using System.Text;

namespace Supervice.Tests.EndToEnd.Containers;

/// <summary>The daemon as PID 1 of a pid namespace (`unshare -pf --mount-proc`), as in a container.</summary>
[TestClass]
public class Pid1Tests
{
    [TestMethod]
    public void AsPid1ItReapsADoubleForkedOrphanAndExits0OnSigterm()
    {
        if (Environment.UserName != "root" || !File.Exists("/usr/bin/unshare")) Assert.Inconclusive("needs root and unshare for a pid namespace");
        var dir = Fixtures.TempDir();
        var socket = Path.Combine(dir, "s.sock");
        var marker = Path.Combine(dir, "orphan.pid");
        // The program double-forks an orphan (its parent exits at once) that lives 1 s, then stays up itself.
        File.WriteAllText(Path.Combine(dir, "c.conf"),
            $"[supervice]\nsocket = {socket}\npidfile = none\nstate_file = {dir}/state.json\n" +
            $"[program:forker]\ncommand = sh -c '(sh -c \"echo $$ > {marker}; exec sleep 1\" &); exec sleep 1000'\nstartsecs = 0\n");
        var psi = new ProcessStartInfo("/usr/bin/unshare") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "--pid", "--fork", "--mount-proc", "--kill-child", Bin.Path, "daemon", "-n", "-c", Path.Combine(dir, "c.conf") }) psi.ArgumentList.Add(a);
        var log = new StringBuilder();
        using var unshare = Process.Start(psi)!;
        unshare.OutputDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        unshare.ErrorDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        unshare.BeginOutputReadLine();
        unshare.BeginErrorReadLine();
        string Log() { lock (log) return log.ToString(); }
        try
        {
            var daemon = Wait.For(() => Proc.Children(unshare.Id).FirstOrDefault() is { Pid: > 0 } c ? (object)c.Pid : null, 10, "the daemon under unshare");
            int daemonPid = (int)daemon;
            Wait.Until(() => Log().Contains("running as init (PID 1)"), 10, $"the init line (log:\n{Log()})");
            Wait.Until(() => File.Exists(marker) && File.ReadAllText(marker).Trim().Length > 0, 10, "the orphan to start");
            // Inside the namespace the orphan was re-parented to PID 1 (the daemon); once it exits it must be reaped.
            Wait.Until(() => Proc.Descendants(daemonPid).Count(p => Proc.Comm(p) == "sleep") == 1, 15, $"the orphan to end (log:\n{Log()})");
            Wait.Until(() => !Proc.Children(daemonPid).Any(c => c.State == 'Z'), 10, "no zombie under PID 1");
            StringAssert.Contains(Log(), "forker: STARTING -> RUNNING");
            Proc.Kill(daemonPid, 15);
            Assert.IsTrue(unshare.WaitForExit(30_000), Log());
            unshare.WaitForExit();
            Assert.AreEqual(0, unshare.ExitCode, $"PID 1 exits 0 on SIGTERM, not by the signal; log:\n{Log()}");
            StringAssert.Contains(Log(), "received SIGTERM: shutting down");
        }
        finally
        {
            if (!unshare.HasExited) { foreach (var p in Proc.Descendants(unshare.Id)) Proc.Kill(p, 9); unshare.Kill(true); }
            Directory.Delete(dir, true);
        }
    }
}
