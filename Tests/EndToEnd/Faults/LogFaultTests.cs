using System.Diagnostics;

namespace Supervice.Tests.EndToEnd.Faults;

/// <summary>A full disk under a chatty program's log: the daemon keeps serving and reports the failure once.</summary>
[TestClass]
public class LogFaultTests
{
    [TestMethod]
    public void FullLogDiskIsReportedOnceAndTheDaemonKeepsServing()
    {
        if (!FaultKit.IsRoot) Assert.Inconclusive("mounting a 1 MiB tmpfs needs root");
        var mount = Fixtures.TempDir("supervice-fulldisk-");
        if (Sh($"mount -t tmpfs -o size=1m tmpfs {mount}") != 0) { Directory.Delete(mount); Assert.Inconclusive("mount -t tmpfs failed (no CAP_SYS_ADMIN here)"); }
        try
        {
            var log = Path.Combine(mount, "chatty.log");
            using var d = new Daemon($"[program:chatty]\ncommand = sh -c 'while :; do echo 0123456789012345678901234567890123456789012345678901234567890123456789; done'\n" +
                                     $"stdout_logfile = {log}\nstdout_logfile_maxbytes = 100MB\nstartsecs = 0\n");
            d.WaitLog("chatty stdout log:", 30);
            for (int i = 0; i < 20; i++) Assert.AreEqual(0, d.Ctl("status").ExitCode, "status while the disk is full");
            Wait.Until(() => d.Ctl("tail", "chatty").Stdout.Length > 0, 5, "output still flowing to the ring");
            var errors = d.Log.Split('\n').Where(l => l.Contains("chatty stdout log:")).ToList();
            Console.WriteLine($"full disk: {errors.Count} error line(s): {errors.FirstOrDefault()}");
            Assert.HasCount(1, errors, "the write error must be logged once per failure run");
            Assert.AreEqual("RUNNING", d.State("chatty"));
        }
        finally
        {
            Sh($"umount -l {mount}");
            try { Directory.Delete(mount, true); } catch (IOException) { }
        }
    }

    private static int Sh(string command)
    {
        var psi = new ProcessStartInfo("/bin/sh") { RedirectStandardError = true, RedirectStandardOutput = true };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(command);
        using var p = Process.Start(psi)!;
        p.WaitForExit();
        return p.ExitCode;
    }
}
