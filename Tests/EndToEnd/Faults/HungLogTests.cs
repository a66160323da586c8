using System.Runtime.InteropServices;
using Supervice.Core.Native;

namespace Supervice.Tests.EndToEnd.Faults;

/// <summary>Issue #10 defect 12: a program's log that stops taking bytes (here a FIFO whose reader never reads, as a
/// hung NFS mount would; handed to the daemon as its fd 3 and named `/dev/fd/3`, since a FIFO path itself is refused) blocks the capture worker inside write(2); SIGUSR2 and reload must still leave the event loop
/// free, so `ctl status` keeps answering.</summary>
[TestClass]
public unsafe partial class HungLogTests
{
    [LibraryImport("libc", SetLastError = true)]
    private static partial int mkfifo([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int mode);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int ioctl(int fd, nuint request, int* arg);

    private const nuint FIONREAD = 0x541B;

    [TestMethod]
    public void Sigusr2AndReloadKeepTheLoopAnsweringWhileALogWriteIsStuck()
    {
        var dir = Fixtures.TempDir("supervice-hunglog-");
        var fifo = Path.Combine(dir, "hung.fifo");
        Assert.AreEqual(0, mkfifo(fifo, 0x180));
        int reader;
        fixed (byte* p = System.Text.Encoding.UTF8.GetBytes(fifo + "\0")) reader = Libc.open(p, Libc.O_RDONLY | Libc.O_NONBLOCK | Libc.O_CLOEXEC, 0);
        Assert.IsTrue(reader >= 0, "the test holds the FIFO's read end and never reads");
        try
        {
            // 1 MiB at once: far more than the FIFO holds, so the write stays stuck while the test does not read.
            var programs = $"[program:chatty]\ncommand = sh -c 'head -c 1048576 /dev/zero; exec sleep 1000'\nstartsecs = 0\nstdout_logfile = /dev/fd/3\n";
            using var d = new Daemon(programs, launcher: ["/bin/sh", "-c", $"exec \"$@\" 3>{fifo}", "sh"]);
            int Pending() { int n = 0; ioctl(reader, FIONREAD, &n); return n; }
            Wait.Until(() => Pending() > 0, 10, $"chatty's output to fill the FIFO (log:\n{d.Log})");

            d.Signal(12); // SIGUSR2: reopen every log file
            d.WaitLog("received SIGUSR2");
            var status = d.Ctl("--timeout", "10", "status", "chatty");
            Assert.AreEqual(0, status.ExitCode, $"status answers while the write is stuck: {status.Stdout}{status.Stderr}");
            StringAssert.Contains(status.Stdout, "RUNNING");

            d.WriteConfig(programs.Replace("/dev/fd/3", Path.Combine(dir, "other.log")));
            var reload = d.Ctl("--timeout", "10", "reload");
            Assert.AreEqual(0, reload.ExitCode, $"reload answers while the write is stuck: {reload.Stdout}{reload.Stderr}");
            Assert.AreEqual(0, d.Ctl("--timeout", "10", "status").ExitCode, "and status still answers after it");
            Assert.IsTrue(Pending() > 0, "the FIFO was never read meanwhile: the write was stuck throughout");
        }
        finally
        {
            Libc.close(reader);
            Directory.Delete(dir, true);
        }
    }
}
