using System.Runtime.InteropServices;
using Supervice.Config.Model;
using Supervice.Core.Native;
using Supervice.Core.Output;
using Supervice.Tests.EndToEnd;

namespace Supervice.Tests.Unit.Core.Output;

/// <summary>Issue #10 defect 12: a write stuck on a hung file (here a FIFO whose reader never reads, handed over as
/// `/dev/fd/N` — the daemon refuses to open a FIFO by its path, but an inherited descriptor is the operator's) holds
/// the sink's writer lock; SIGUSR2's reopen, reload's reconfigure and a removed program's dispose — all called on the
/// event loop — must return without waiting for it, and take effect once the writer is free.</summary>
[TestClass]
public unsafe partial class OutputSinkHandOverTests
{
    [LibraryImport("libc", SetLastError = true)]
    private static partial int mkfifo([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int mode);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int ioctl(int fd, nuint request, int* arg);

    private const nuint FIONREAD = 0x541B;
    private const int Stuck = 1024 * 1024; // far more than a pipe holds

    private sealed class StuckFifo : IDisposable
    {
        public string Dir { get; } = Fixtures.TempDir("sv-stuck-");
        private string FifoPath => System.IO.Path.Combine(Dir, "stuck.fifo");
        /// <summary>The log path the sink is given: this process's (blocking) write end of the FIFO.</summary>
        public string Path => $"/dev/fd/{_writer}";
        public int Reader { get; }
        private int _writer;

        public StuckFifo()
        {
            Assert.AreEqual(0, mkfifo(FifoPath, 0x180));
            fixed (byte* p = System.Text.Encoding.UTF8.GetBytes(FifoPath + "\0"))
            {
                Reader = Libc.open(p, Libc.O_RDONLY | Libc.O_NONBLOCK | Libc.O_CLOEXEC, 0);
                _writer = Libc.open(p, Libc.O_WRONLY | Libc.O_CLOEXEC, 0);
            }
            Assert.IsTrue(Reader >= 0 && _writer >= 0, "the test's two ends of the FIFO");
        }

        /// <summary>Once the sink holds its own duplicate, the test's write end goes, so end of file means the sink's
        /// end was closed.</summary>
        public void DropOwnWriter()
        {
            if (_writer >= 0) Libc.close(_writer);
            _writer = -1;
        }

        public int Pending { get { int n = 0; ioctl(Reader, FIONREAD, &n); return n; } }

        /// <summary>Reads what is there: the byte count, 0 at end of file (no writer left), -1 when empty but open.</summary>
        public long Drain()
        {
            var buf = new byte[65536];
            long total = 0;
            fixed (byte* b = buf)
                while (true)
                {
                    var n = Libc.read(Reader, b, buf.Length);
                    if (n > 0) { total += n; continue; }
                    return n == 0 && total == 0 ? 0 : total > 0 ? total : -1;
                }
        }

        public void Dispose()
        {
            DropOwnWriter();
            Libc.close(Reader);
            Directory.Delete(Dir, true);
        }
    }

    /// <summary>Starts a write of 1 MiB into the FIFO and returns once it is stuck inside write(2), holding the lock.</summary>
    private static Thread StartStuckWrite(OutputSink sink, StuckFifo fifo)
    {
        var writer = new Thread(() => sink.Write(new byte[Stuck])) { IsBackground = true, Name = "stuck-writer" };
        writer.Start();
        Wait.Until(() => fifo.Pending > 0, 10, "the writer to fill the FIFO");
        fifo.DropOwnWriter();
        Assert.IsTrue(writer.IsAlive, "the write cannot finish while nobody reads");
        return writer;
    }

    private static void Unstick(Thread writer, StuckFifo fifo)
    {
        Wait.Until(() => { fifo.Drain(); return !writer.IsAlive; }, 20, "the stuck write to finish once the FIFO is read");
    }

    [TestMethod]
    public void ReopenAndReconfigureReturnWhileAWriteIsStuck()
    {
        using var fifo = new StuckFifo();
        var other = System.IO.Path.Combine(fifo.Dir, "other.log");
        using var sink = new OutputSink("web", "stdout", new LogSpec(fifo.Path, 0, 0));
        var writer = StartStuckWrite(sink, fifo);
        try
        {
            var loop = Task.Run(() => { sink.Reopen(); sink.Reconfigure(new LogSpec(other, 0, 0)); });
            Assert.IsTrue(loop.Wait(TimeSpan.FromSeconds(10)), "reopen/reconfigure waited for the stuck write (the loop would freeze)");
            Assert.IsTrue(writer.IsAlive, "the write was still stuck meanwhile");
            Assert.AreEqual(other, sink.Spec.Path, "the new spec is visible at once");
        }
        finally { Unstick(writer, fifo); }
        sink.Write("after\n"u8);
        Assert.AreEqual("after\n", File.ReadAllText(other), "the writer side applied the new path");
        Wait.Until(() => fifo.Drain() == 0, 10, "the FIFO's write end to be closed by the switch");
    }

    [TestMethod]
    public void DisposeReturnsWhileAWriteIsStuckAndTheFileIsClosedAfterwards()
    {
        using var fifo = new StuckFifo();
        var sink = new OutputSink("web", "stdout", new LogSpec(fifo.Path, 0, 0));
        var writer = StartStuckWrite(sink, fifo);
        try
        {
            var loop = Task.Run(sink.Dispose);
            Assert.IsTrue(loop.Wait(TimeSpan.FromSeconds(10)), "dispose waited for the stuck write");
            Assert.IsTrue(writer.IsAlive);
        }
        finally { Unstick(writer, fifo); }
        Wait.Until(() => fifo.Drain() == 0, 10, "the released sink to close its end of the FIFO");
    }
}
