using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Supervice.Core.Native;
using Supervice.Core.Native.Polling;

namespace Supervice.Tests.Unit.Core.Native.Polling;

/// <summary>EpollLoop's own logic: a wake-up reaches the handler as an empty batch, a ready fd with its token, a signal
/// during the wait is retried without a batch, and Stop ends the thread before anything is closed.</summary>
[TestClass]
public unsafe partial class EpollLoopTests
{
    private const int Timeout = 5000;
    private const int NoOpSignal = 40; // a real-time signal the runtime does not use

    [LibraryImport("libc")]
    private static partial int gettid();

    [LibraryImport("libc", SetLastError = true)]
    private static partial int tgkill(int tgid, int tid, int sig);

    /// <summary>What the loop's thread saw: one array of tokens per batch, and its thread id.</summary>
    private sealed class Log
    {
        public readonly BlockingCollection<ulong[]> Batches = [];
        public volatile int Tid;
    }

    private readonly struct Recorder(Log log) : IEpollHandler
    {
        public void Ready(ReadOnlySpan<Libc.EpollEvent> ready)
        {
            log.Tid = gettid();
            var tokens = new ulong[ready.Length];
            for (int i = 0; i < ready.Length; i++) tokens[i] = ready[i].Data;
            log.Batches.Add(tokens);
        }
    }

    private static (EpollLoop Loop, Log Log) Started()
    {
        var log = new Log();
        var loop = new EpollLoop("test");
        loop.Start("epoll-test", new Recorder(log), 8);
        return (loop, log);
    }

    private static ulong[] NextBatch(Log log)
    {
        Assert.IsTrue(log.Batches.TryTake(out var batch, Timeout), "the handler was not called");
        return batch!;
    }

    private static (int Read, int Write) Pipe()
    {
        int* fds = stackalloc int[2];
        Assert.AreEqual(0, Libc.pipe2(fds, Libc.O_CLOEXEC | Libc.O_NONBLOCK));
        return (fds[0], fds[1]);
    }

    private static void WriteByte(int fd)
    {
        byte b = 1;
        Assert.AreEqual(1, (int)Libc.write(fd, &b, 1));
    }

    [TestMethod]
    public void WakeCallsTheHandlerWithNothingReady()
    {
        var (loop, log) = Started();
        try
        {
            loop.Wake();
            Assert.AreEqual(0, NextBatch(log).Length);
            Assert.IsFalse(log.Batches.TryTake(out _, 200), "one wake-up gave more than one batch (eventfd not drained)");
        }
        finally { loop.Stop(); loop.Dispose(); }
    }

    [TestMethod]
    public void ReadyDescriptorArrivesWithItsToken()
    {
        var (loop, log) = Started();
        var (r, w) = Pipe();
        try
        {
            Assert.IsTrue(loop.Add(r, Libc.EPOLLIN | Libc.EPOLLONESHOT, 7));
            WriteByte(w);
            CollectionAssert.AreEqual(new ulong[] { 7 }, NextBatch(log));
            Assert.IsTrue(loop.Modify(r, Libc.EPOLLIN | Libc.EPOLLONESHOT, 9)); // re-armed: still readable
            CollectionAssert.AreEqual(new ulong[] { 9 }, NextBatch(log));
            Assert.IsTrue(loop.Remove(r));
            Assert.IsFalse(loop.Remove(r), "removed twice");
        }
        finally { loop.Stop(); loop.Dispose(); Libc.close(r); Libc.close(w); }
    }

    /// <summary>epoll_wait fails with EINTR whenever a handler runs, whatever SA_RESTART says; the loop waits again,
    /// with no batch for it, and is still there for the next wake-up. The handler is libc's getpid: native, so nothing
    /// managed runs inside the signal.</summary>
    [TestMethod]
    public void SignalDuringTheWaitIsRetriedWithoutABatch()
    {
        var getpid = NativeLibrary.GetExport(NativeLibrary.Load("libc.so.6"), "getpid");
        var act = new Libc.SigAction { Handler = getpid };
        Libc.SigAction old;
        Assert.AreEqual(0, Libc.sigaction(NoOpSignal, &act, &old));
        var (loop, log) = Started();
        try
        {
            loop.Wake();
            NextBatch(log);
            for (int i = 0; i < 5; i++)
            {
                Thread.Sleep(50); // back in epoll_wait by now
                Assert.AreEqual(0, tgkill(Environment.ProcessId, log.Tid, NoOpSignal), "the loop's thread is gone: it ended on EINTR");
            }
            Assert.IsFalse(log.Batches.TryTake(out _, 200), "an interrupted wait was handed over as a batch");
            loop.Wake();
            Assert.AreEqual(0, NextBatch(log).Length, "the loop ended on EINTR");
        }
        finally { loop.Stop(); loop.Dispose(); Libc.sigaction(NoOpSignal, &old, null); }
    }

    [TestMethod]
    public void StopEndsTheThreadBeforeItReturns()
    {
        var (loop, log) = Started();
        var (r, w) = Pipe();
        try
        {
            Assert.IsTrue(loop.Add(r, Libc.EPOLLIN, 3));
            loop.Stop();
            WriteByte(w);
            Thread.Sleep(300);
            while (log.Batches.TryTake(out var batch)) Assert.AreEqual(0, batch.Length, "the thread waited again after Stop");
        }
        finally { loop.Dispose(); Libc.close(r); Libc.close(w); }
    }

    [TestMethod]
    public void StopWhileBusyIsNotLost()
    {
        var (loop, log) = Started();
        var (r, w) = Pipe();
        try
        {
            Assert.IsTrue(loop.Add(r, Libc.EPOLLIN, 5)); // level-triggered: every wait returns at once
            WriteByte(w);
            NextBatch(log);
            var stop = Task.Run(loop.Stop);
            Assert.IsTrue(stop.Wait(Timeout), "Stop did not end a loop that never blocks");
        }
        finally { loop.Dispose(); Libc.close(r); Libc.close(w); }
    }
}
