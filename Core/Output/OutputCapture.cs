using System.Buffers;
using Supervice.Core.Native;
using Supervice.Core.Native.Polling;

namespace Supervice.Core.Output;

/// <summary>Reads every child's stdout/stderr pipe without a thread per child: one epoll thread only dispatches
/// readiness (EPOLLONESHOT); a thread-pool work item drains that pipe into its sink and re-arms it afterwards.
/// So a slow disk stalls only its own child (its pipe fills and it blocks), bytes are never dropped, and the
/// event loop never waits for a disk.</summary>
public sealed unsafe class OutputCapture : IDisposable
{
    internal const int ReadSize = 1024 * 1024;
    private const int FairShare = 8 * 1024 * 1024; // bytes one work item drains before yielding to other pipes

    private readonly EpollLoop _epoll;
    private readonly Dictionary<ulong, Pipe> _pipes = [];
    private readonly Lock _lock = new();
    private ulong _nextToken;
    private volatile bool _disposed;

    public OutputCapture()
    {
        _epoll = new EpollLoop("capture");
        _epoll.Start("output-capture", new Dispatcher(this), 128);
    }

    public int AttachedCount { get { lock (_lock) return _pipes.Count; } }

    /// <summary>Takes ownership of a non-blocking read end; onClosed runs (on any thread) after EOF, once the fd is closed.</summary>
    public void Attach(int fd, OutputSink sink, Action onClosed)
    {
        Pipe pipe;
        lock (_lock)
        {
            pipe = new Pipe(this, fd, ++_nextToken, sink, onClosed);
            _pipes[pipe.Token] = pipe;
        }
        if (!_epoll.Add(fd, Libc.EPOLLIN | Libc.EPOLLONESHOT, pipe.Token)) ThreadPool.UnsafeQueueUserWorkItem(pipe, false);
    }

    /// <summary>The capture thread's handler: each ready pipe goes to the thread pool, which drains it.</summary>
    private readonly struct Dispatcher(OutputCapture owner) : IEpollHandler
    {
        public void Ready(ReadOnlySpan<Libc.EpollEvent> ready)
        {
            foreach (var ev in ready)
                if (owner.Find(ev.Data) is { } pipe) ThreadPool.UnsafeQueueUserWorkItem(pipe, false);
        }
    }

    private Pipe? Find(ulong token)
    {
        lock (_lock) return _pipes.GetValueOrDefault(token);
    }

    private void Rearm(Pipe pipe) => _epoll.Modify(pipe.Fd, Libc.EPOLLIN | Libc.EPOLLONESHOT, pipe.Token);

    private void Closed(Pipe pipe)
    {
        lock (_lock) if (!_pipes.Remove(pipe.Token)) return; // Dispose already closed it
        _epoll.Remove(pipe.Fd);
        Libc.close(pipe.Fd);
        pipe.OnClosed();
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _epoll.Stop();
        lock (_lock)
        {
            foreach (var p in _pipes.Values) Libc.close(p.Fd);
            _pipes.Clear();
        }
        _epoll.Dispose();
    }

    private sealed class Pipe(OutputCapture owner, int fd, ulong token, OutputSink sink, Action onClosed) : IThreadPoolWorkItem
    {
        public int Fd => fd;
        public ulong Token => token;
        public Action OnClosed => onClosed;

        public void Execute()
        {
            var buf = ArrayPool<byte>.Shared.Rent(ReadSize);
            try { Drain(buf); }
            finally { ArrayPool<byte>.Shared.Return(buf); }
        }

        private void Drain(byte[] buf)
        {
            long drained = 0;
            fixed (byte* p = buf)
            {
                while (!owner._disposed)
                {
                    var n = Libc.read(fd, p, buf.Length);
                    if (n > 0)
                    {
                        sink.Write(buf.AsSpan(0, (int)n));
                        if ((drained += n) < FairShare) continue;
                        ThreadPool.UnsafeQueueUserWorkItem(this, false);
                        return;
                    }
                    if (Libc.Interrupted(n)) continue;
                    if (n < 0 && Libc.Errno == Libc.EAGAIN) { owner.Rearm(this); return; }
                    owner.Closed(this);
                    return;
                }
            }
        }
    }
}
