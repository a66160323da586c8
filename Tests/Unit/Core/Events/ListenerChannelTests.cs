using Supervice.Core.Events;
using Supervice.Core.Native;

namespace Supervice.Tests.Unit.Core.Events;

/// <summary>A listener's stdin on a real one-page pipe: a write never waits; what the pipe does not take is kept and
/// written, in order, as the reader makes room.</summary>
[TestClass]
public unsafe class ListenerChannelTests
{
    private sealed class Pipe : IDisposable
    {
        public int Read { get; private set; }
        public int Write { get; }

        public Pipe()
        {
            int* fds = stackalloc int[2];
            Assert.AreEqual(0, Libc.pipe2(fds, Libc.O_CLOEXEC));
            (Read, Write) = (fds[0], fds[1]);
            Libc.fcntl(Read, Libc.F_SETFL, Libc.fcntl(Read, Libc.F_GETFL, 0) | Libc.O_NONBLOCK);
            Assert.AreEqual(4096, Libc.fcntl(Write, Libc.F_SETPIPE_SZ, 4096), "a one-page pipe");
        }

        public byte[] Drain()
        {
            var all = new List<byte>();
            var buf = new byte[65536];
            fixed (byte* b = buf)
                for (nint n; (n = Libc.read(Read, b, buf.Length)) > 0;) all.AddRange(buf.AsSpan(0, (int)n).ToArray());
            return [.. all];
        }

        public void CloseRead()
        {
            Libc.close(Read);
            Read = -1;
        }

        public void Dispose()
        {
            if (Read >= 0) Libc.close(Read);
            Libc.close(Write);
        }
    }

    private static byte[] Bytes(int n, byte value) => Enumerable.Repeat(value, n).ToArray();

    [TestMethod]
    public void SmallEventIsWrittenAtOnce()
    {
        using var pipe = new Pipe();
        var ch = new ListenerChannel(1, pipe.Write);
        Assert.AreEqual(StdinWrite.Done, ch.Write("head\n"u8, "body"u8));
        Assert.AreEqual(0, ch.PendingBytes);
        CollectionAssert.AreEqual("head\nbody"u8.ToArray(), pipe.Drain());
    }

    [TestMethod]
    public void EventLargerThanThePipeIsKeptAndFinishedInOrder()
    {
        using var pipe = new Pipe();
        var ch = new ListenerChannel(1, pipe.Write);
        var header = Bytes(100, (byte)'h');
        var payload = Bytes(20000, (byte)'p');
        Assert.AreEqual(StdinWrite.Pending, ch.Write(header, payload), "a full pipe does not block the writer");
        Assert.IsTrue(ch.PendingBytes > payload.Length - 4096 && ch.PendingBytes < payload.Length, $"kept {ch.PendingBytes}: what one page did not take");
        var second = Bytes(10, (byte)'s');
        Assert.AreEqual(StdinWrite.Pending, ch.Write("H"u8, second), "a later event queues behind the kept bytes");
        var got = new List<byte>(pipe.Drain());
        for (int rounds = 0; ch.PendingBytes > 0; rounds++)
        {
            Assert.IsTrue(rounds < 100, "the kept bytes drain");
            ch.Flush();
            got.AddRange(pipe.Drain());
        }
        Assert.AreEqual(StdinWrite.Done, ch.Flush());
        CollectionAssert.AreEqual(header.Concat(payload).Concat("H"u8.ToArray()).Concat(second).ToArray(), got.ToArray());
    }

    [TestMethod]
    public void ClosedReaderFailsWithEpipeAndDropsTheKeptBytes()
    {
        using var pipe = new Pipe();
        var ch = new ListenerChannel(1, pipe.Write);
        Assert.AreEqual(StdinWrite.Pending, ch.Write([], Bytes(10000, (byte)'p')));
        pipe.CloseRead();
        Assert.AreEqual(StdinWrite.Failed, ch.Flush());
        Assert.AreEqual(32, ch.Errno, "EPIPE");
        Assert.AreEqual(0, ch.PendingBytes);
    }
}
