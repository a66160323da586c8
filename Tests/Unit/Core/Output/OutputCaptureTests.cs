using System.Diagnostics;
using System.Text;
using Supervice.Config.Model;
using Supervice.Core.Native;
using Supervice.Core.Output;

namespace Supervice.Tests.Unit.Core.Output;

/// <summary>OutputCapture reaps nothing, so it is safe to run inside the test host.</summary>
[TestClass]
public class OutputCaptureTests
{
    [TestMethod]
    public void StalledLogFileBlocksOnlyItsOwnPipe()
    {
        var dir = Directory.CreateTempSubdirectory("sv-cap-").FullName;
        var fifo = Path.Combine(dir, "slow.log");
        try
        {
            using (var mk = Process.Start("mkfifo", fifo)) mk.WaitForExit();
            using var capture = new OutputCapture();
            using var slow = new OutputSink("slow", "stdout", new LogSpec(fifo, 0, 0));
            using var fast = new OutputSink("fast", "stdout", new LogSpec(null));
            using var slowClosed = new ManualResetEventSlim();
            using var fastClosed = new ManualResetEventSlim();
            var (slowRead, slowWrite) = Pipe();
            var (fastRead, fastWrite) = Pipe();
            capture.Attach(slowRead, slow, slowClosed.Set);
            capture.Attach(fastRead, fast, fastClosed.Set);

            Write(slowWrite, "stalled\n"); // its worker now blocks opening a fifo nobody reads: a disk that never answers
            for (int i = 0; i < 100; i++) Write(fastWrite, new string('x', 99) + "\n");
            Libc.close(fastWrite);
            Assert.IsTrue(fastClosed.Wait(5000), "the fast pipe was held up by the stalled one");
            Assert.AreEqual(10_000L, fast.TotalBytes);
            Assert.AreEqual("stalled\n", slow.TailLines(1));

            using var reader = new FileStream(fifo, FileMode.Open, FileAccess.Read);
            var got = new byte[8];
            reader.ReadExactly(got);
            Assert.AreEqual("stalled\n", Encoding.UTF8.GetString(got));
            Libc.close(slowWrite);
            Assert.IsTrue(slowClosed.Wait(5000));
        }
        finally { Directory.Delete(dir, true); }
    }

    private static unsafe (int Read, int Write) Pipe()
    {
        int* fds = stackalloc int[2];
        Assert.AreEqual(0, Libc.pipe2(fds, Libc.O_CLOEXEC));
        Libc.fcntl(fds[0], Libc.F_SETFL, Libc.O_NONBLOCK);
        return (fds[0], fds[1]);
    }

    private static unsafe void Write(int fd, string s)
    {
        var b = Encoding.UTF8.GetBytes(s);
        fixed (byte* p = b) Assert.AreEqual((nint)b.Length, Libc.write(fd, p, b.Length));
    }
}
