using System.Diagnostics;
using Supervice.Tests.EndToEnd.Faults;

namespace Supervice.Tests.EndToEnd.Security;

/// <summary>SPEC §13, defects 3 and 13 of issue 10: what a root daemon writes (pid file, its own log, child logs) is
/// never written through a symlink nor opened as a FIFO, each refusal names the path, `AUTO` logs live in a private
/// directory instead of /tmp, and a rotation that cannot rename loses no output.</summary>
[TestClass]
public class FileTrustTests
{
    private static string NewDir() => Fixtures.TempDir("supervice-files-");

    private static void Mkfifo(string path)
    {
        using var p = Process.Start("mkfifo", [path])!;
        p.WaitForExit();
        Assert.AreEqual(0, p.ExitCode, "mkfifo");
    }

    /// <summary>A daemon expected to refuse to start: it must exit 1 on its own, with `message` in its output.</summary>
    private static void RefusesToStart(string dir, string message, string programs = "", string supervice = "")
    {
        using var d = new Daemon(programs, supervice, waitReady: false, dir: dir);
        Assert.IsTrue(d.WaitExit(30), $"the daemon did not exit (it hangs, or started); log:\n{d.Log}");
        Assert.AreEqual(1, d.ExitCode, d.Log);
        StringAssert.Contains(d.Log, message);
    }

    [TestMethod]
    public void PidFileSymlinkIsRefusedAndItsTargetUntouched()
    {
        var dir = NewDir();
        try
        {
            var victim = Path.Combine(dir, "victim");
            File.WriteAllText(victim, "precious");
            var pidPath = Path.Combine(dir, "supervice.pid");
            File.CreateSymbolicLink(pidPath, victim);
            RefusesToStart(dir, $"cannot use pid file: {pidPath} is a symbolic link; refusing to follow it");
            Assert.AreEqual("precious", File.ReadAllText(victim), "the pid was written through the symlink");
        }
        finally { Directory.Delete(dir, true); }
    }

    [TestMethod]
    public void PidFileFifoIsRefused()
    {
        var dir = NewDir();
        try
        {
            var pidPath = Path.Combine(dir, "supervice.pid");
            Mkfifo(pidPath);
            RefusesToStart(dir, $"cannot use pid file: {pidPath} is a FIFO, not a regular file; refusing to write to it");
        }
        finally { Directory.Delete(dir, true); }
    }

    [TestMethod]
    public void PidFileHoldsThePidWithMode0600AndGoesAtShutdown()
    {
        using var d = new Daemon("");
        var pidPath = Path.Combine(d.Dir, "supervice.pid");
        Assert.AreEqual(d.Pid.ToString(), File.ReadAllText(pidPath));
        Assert.AreEqual(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(pidPath));
        Assert.IsEmpty(Directory.GetFiles(d.Dir, "*.tmp"));
        d.Ctl("shutdown");
        Assert.IsTrue(d.WaitExit(20));
        Assert.IsFalse(File.Exists(pidPath));
    }

    [TestMethod]
    public void DaemonLogFifoMakesTheDaemonExitNamingIt()
    {
        var dir = NewDir();
        try
        {
            var fifo = Path.Combine(dir, "daemon.log");
            Mkfifo(fifo);
            RefusesToStart(dir, $"cannot use log file: {fifo} is a FIFO, not a regular file; refusing to write to it", supervice: $"logfile = {fifo}");
        }
        finally { Directory.Delete(dir, true); }
    }

    [TestMethod]
    public void DaemonLogSymlinkIsRefused()
    {
        var dir = NewDir();
        try
        {
            var victim = Path.Combine(dir, "victim");
            File.WriteAllText(victim, "precious");
            var log = Path.Combine(dir, "daemon.log");
            File.CreateSymbolicLink(log, victim);
            RefusesToStart(dir, $"cannot use log file: {log} is a symbolic link; refusing to follow it", supervice: $"logfile = {log}");
            Assert.AreEqual("precious", File.ReadAllText(victim));
        }
        finally { Directory.Delete(dir, true); }
    }

    [TestMethod]
    public void ChildLogSymlinkIsNotFollowedAndTheOutputStaysInTheRing()
    {
        var dir = NewDir();
        try
        {
            var victim = Path.Combine(dir, "victim");
            File.WriteAllText(victim, "precious");
            var log = Path.Combine(dir, "web.log");
            File.CreateSymbolicLink(log, victim);
            var marker = FaultKit.Marker();
            using var d = new Daemon($"[program:web]\ncommand = sh -c 'echo {marker}; exec sleep 60'\nstartsecs = 0\nstdout_logfile = {log}\n", dir: dir);
            d.WaitLog($"web stdout log: {log} is a symbolic link; refusing to follow it");
            Wait.Until(() => d.Ctl("tail", "web").Stdout.Contains(marker), 10, "the output to reach the ring");
            Assert.AreEqual("precious", File.ReadAllText(victim), "the child's output was appended through the symlink");
        }
        finally { Directory.Delete(dir, true); }
    }

    /// <summary>Before the fix the capture thread hung in open() of the FIFO: no refusal was ever logged.</summary>
    [TestMethod]
    public void ChildLogFifoIsRefusedAndOtherOutputKeepsFlowing()
    {
        var dir = NewDir();
        try
        {
            var fifo = Path.Combine(dir, "a.log");
            Mkfifo(fifo);
            var marker = FaultKit.Marker();
            using var d = new Daemon($"[program:a]\ncommand = sh -c 'while :; do echo a; sleep 0.1; done'\nstartsecs = 0\nstdout_logfile = {fifo}\n" +
                                     $"[program:b]\ncommand = sh -c 'while :; do echo {marker}; sleep 0.1; done'\nstartsecs = 0\n", dir: dir);
            d.WaitLog($"a stdout log: {fifo} is a FIFO, not a regular file; refusing to write to it");
            int Count() => d.Ctl("tail", "-n", "1000", "b").Stdout.Split('\n').Count(l => l == marker);
            var seen = Count();
            Wait.Until(() => Count() > seen, 10, "b's output to keep arriving");
            Assert.AreEqual(0, d.Ctl("status").ExitCode, "the daemon keeps answering");
        }
        finally { Directory.Delete(dir, true); }
    }

    /// <summary>/dev/stdout is a symlink by nature (to /proc/self/fd/1): O_NOFOLLOW must not break the container recipe.</summary>
    [TestMethod]
    public void DevStdoutLogStillReachesTheDaemonsStdout()
    {
        var marker = FaultKit.Marker();
        using var d = new Daemon($"[program:c]\ncommand = sh -c 'echo {marker}-out; exec sleep 60'\nstartsecs = 0\nstdout_logfile = /dev/stdout\nstdout_logfile_maxbytes = 0\n");
        d.WaitLog($"{marker}-out");
        Assert.DoesNotContain("refusing", d.Log);
    }

    [TestMethod]
    public void AutoLogsGoToAPrivateDirectoryBesideTheDaemonLog()
    {
        var name = $"auto{Random.Shared.Next(100_000, 999_999)}";
        var marker = FaultKit.Marker();
        using var d = new Daemon($"[program:{name}]\ncommand = sh -c 'echo {marker}; exec sleep 60'\nstartsecs = 0\nstdout_logfile = AUTO\n");
        var dir = Path.Combine(d.Dir, "supervice-childlogs");
        var log = Path.Combine(dir, $"{name}-stdout.log");
        Wait.Until(() => File.Exists(log) && File.ReadAllText(log).Contains(marker), 10, $"{log} to hold the output (log:\n{d.Log})");
        Assert.AreEqual((UnixFileMode)0x1C0, File.GetUnixFileMode(dir), "the directory is 0700");
        Assert.IsFalse(File.Exists(Path.Combine(Path.GetTempPath(), $"{name}-stdout.log")), "an AUTO log landed in /tmp");
    }

    [TestMethod]
    public void PreexistingAutoLogDirectoryThatIsNotPrivateIsRefused()
    {
        var dir = NewDir();
        try
        {
            var childLogs = Path.Combine(dir, "supervice-childlogs");
            Directory.CreateDirectory(childLogs);
            File.SetUnixFileMode(childLogs, (UnixFileMode)0x1ED); // 0755
            RefusesToStart(dir, $"refusing the directory for AUTO log files {childLogs}: its mode is 0755, not 0700",
                "[program:web]\ncommand = sleep 60\nstdout_logfile = AUTO\n");
        }
        finally { Directory.Delete(dir, true); }
    }

    [TestMethod]
    public void AutoLogDirectorySymlinkIsRefused()
    {
        var dir = NewDir();
        var elsewhere = NewDir();
        try
        {
            File.SetUnixFileMode(elsewhere, (UnixFileMode)0x1C0);
            var childLogs = Path.Combine(dir, "supervice-childlogs");
            File.CreateSymbolicLink(childLogs, elsewhere);
            RefusesToStart(dir, $"refusing the directory for AUTO log files {childLogs}: it is a symbolic link, not a directory",
                "[program:web]\ncommand = sleep 60\nstdout_logfile = AUTO\n");
        }
        finally { Directory.Delete(dir, true); Directory.Delete(elsewhere, true); }
    }

    /// <summary>Before the fix a failed rename closed the file, and every later write re-failed the rotation: all
    /// output after the first MaxBytes was dropped.</summary>
    [TestMethod]
    public void RotationThatCannotRenameKeepsEveryLineAndWarnsOnce()
    {
        var dir = NewDir();
        try
        {
            var log = Path.Combine(dir, "r.log");
            Directory.CreateDirectory(log + ".1");
            File.WriteAllText(Path.Combine(log + ".1", "blocker"), "");
            using var d = new Daemon("[program:r]\ncommand = sh -c 'i=0; while [ $i -lt 200 ]; do echo line-$i-0123456789012345678901234567890123456789; i=$((i+1)); done; exec sleep 60'\n" +
                                     $"startsecs = 0\nstdout_logfile = {log}\nstdout_logfile_maxbytes = 1KB\nstdout_logfile_backups = 1\n", dir: dir);
            Wait.Until(() => File.Exists(log) && File.ReadAllText(log).Contains("line-199-"), 15, $"the last line to reach {log} (log:\n{d.Log})");
            var lines = File.ReadAllLines(log);
            Assert.HasCount(200, lines, "every line is in the live file");
            // The daemon's log reaches the test through an asynchronous reader: wait for the warning before counting.
            d.WaitLog($"r stdout log: cannot rotate {log}");
            var warnings = d.Log.Split('\n').Count(l => l.Contains($"r stdout log: cannot rotate {log}"));
            Assert.AreEqual(1, warnings, d.Log);
        }
        finally { Directory.Delete(dir, true); }
    }
}
