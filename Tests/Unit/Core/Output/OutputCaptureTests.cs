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
        // A log that never answers: the write end of a full pipe, reached as /dev/fd/N (a FIFO at a log path is refused).
        var (stallRead, stallWrite) = Pipe();
        Fill(stallWrite);
        try
        {
            using var capture = new OutputCapture();
            using var slow = new OutputSink("slow", "stdout", new LogSpec($"/dev/fd/{stallWrite}", 0, 0));
            using var fast = new OutputSink("fast", "stdout", new LogSpec(null));
            using var slowClosed = new ManualResetEventSlim();
            using var fastClosed = new ManualResetEventSlim();
            var (slowRead, slowWrite) = Pipe();
            var (fastRead, fastWrite) = Pipe();
            capture.Attach(slowRead, slow, slowClosed.Set);
            capture.Attach(fastRead, fast, fastClosed.Set);

            Write(slowWrite, "stalled\n"); // its worker now blocks writing to a pipe nobody reads: a disk that never answers
            for (int i = 0; i < 100; i++) Write(fastWrite, new string('x', 99) + "\n");
            Libc.close(fastWrite);
            Assert.IsTrue(fastClosed.Wait(5000), "the fast pipe was held up by the stalled one");
            Assert.AreEqual(10_000L, fast.TotalBytes);
            Assert.AreEqual("stalled\n", slow.TailLines(1));

            Assert.IsTrue(DrainUntil(stallRead, "stalled\n"u8, TimeSpan.FromSeconds(10)), "the stalled write completes once the log answers");
            Libc.close(slowWrite);
            Assert.IsTrue(slowClosed.Wait(5000));
        }
        finally { Libc.close(stallRead); Libc.close(stallWrite); }
    }

    /// <summary>Writes until the pipe is full, then makes the write end blocking again.</summary>
    private static unsafe void Fill(int fd)
    {
        Libc.fcntl(fd, Libc.F_SETFL, Libc.O_NONBLOCK);
        var chunk = stackalloc byte[4096];
        while (Libc.write(fd, chunk, 4096) > 0) { }
        Libc.fcntl(fd, Libc.F_SETFL, 0);
    }

    /// <summary>Reads the (non-blocking) read end until what was read ends with `tail`, within a deadline.</summary>
    private static unsafe bool DrainUntil(int fd, ReadOnlySpan<byte> tail, TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        var last = new List<byte>();
        var buf = stackalloc byte[4096];
        while (clock.Elapsed < within)
        {
            var n = Libc.read(fd, buf, 4096);
            if (n > 0)
            {
                last.AddRange(new ReadOnlySpan<byte>(buf, (int)n));
                if (last.Count > 64) last.RemoveRange(0, last.Count - 64);
                if (last.Count >= tail.Length && tail.SequenceEqual(last.ToArray().AsSpan(last.Count - tail.Length))) return true;
            }
            else Thread.Sleep(10);
        }
        return false;
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
