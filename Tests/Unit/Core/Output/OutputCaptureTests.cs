using System.Text;
using Supervice.Config.Model;
using Supervice.Core.Native;
using Supervice.Core.Output;

namespace Supervice.Tests.Unit.Core.Output;

/// <summary>OutputCapture reaps nothing, so it is safe to run inside the test host.</summary>
[TestClass]
public class OutputCaptureTests
{
    /// <summary>The slow sink's "disk" is a pipe nobody drains, handed over as `/dev/fd/N` (a FIFO path is refused):
    /// the test fills it first, so the sink's worker blocks inside write(2), like a disk that never answers.</summary>
    [TestMethod]
    public unsafe void StalledLogFileBlocksOnlyItsOwnPipe()
    {
        var (diskRead, diskWrite) = Pipe();
        try
        {
            Libc.fcntl(diskWrite, Libc.F_SETFL, Libc.O_NONBLOCK);
            long filled = 0;
            var chunk = new byte[4096];
            fixed (byte* c = chunk) while (Libc.write(diskWrite, c, chunk.Length) is var n && n > 0) filled += n;
            Libc.fcntl(diskWrite, Libc.F_SETFL, 0); // the sink's duplicate shares this: its writes must block
            using var capture = new OutputCapture();
            using var slow = new OutputSink("slow", "stdout", new LogSpec($"/dev/fd/{diskWrite}", 0, 0));
            using var fast = new OutputSink("fast", "stdout", new LogSpec(null));
            using var slowClosed = new ManualResetEventSlim();
            using var fastClosed = new ManualResetEventSlim();
            var (slowRead, slowWrite) = Pipe();
            var (fastRead, fastWrite) = Pipe();
            capture.Attach(slowRead, slow, slowClosed.Set);
            capture.Attach(fastRead, fast, fastClosed.Set);

            Write(slowWrite, "stalled\n"); // its worker now blocks writing to the full pipe
            for (int i = 0; i < 100; i++) Write(fastWrite, new string('x', 99) + "\n");
            Libc.close(fastWrite);
            Assert.IsTrue(fastClosed.Wait(5000), "the fast pipe was held up by the stalled one");
            Assert.AreEqual(10_000L, fast.TotalBytes);
            Assert.AreEqual("stalled\n", slow.TailLines(1));

            // Drain the filler; the blocked write then completes and its bytes follow.
            var got = new List<byte>();
            var buf = new byte[65536];
            var deadline = Environment.TickCount64 + 10_000;
            fixed (byte* b = buf)
                while (got.Count < filled + 8 && Environment.TickCount64 < deadline)
                {
                    var n = Libc.read(diskRead, b, buf.Length);
                    if (n > 0) got.AddRange(buf.AsSpan(0, (int)n).ToArray()); else Thread.Sleep(10);
                }
            Assert.AreEqual(filled + 8, got.Count, "the stalled write completed once the disk answered");
            Assert.AreEqual("stalled\n", Encoding.UTF8.GetString(got.GetRange((int)filled, 8).ToArray()));
            Libc.close(slowWrite);
            Assert.IsTrue(slowClosed.Wait(5000));
        }
        finally { Libc.close(diskRead); Libc.close(diskWrite); }
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
