using System.Buffers;
using Supervice.Core.Native;

namespace Supervice.Core.Output;

/// <summary>Reads every child's stdout/stderr pipe without a thread per child: one epoll thread only dispatches
/// readiness (EPOLLONESHOT); a thread-pool work item drains that pipe into its sink and re-arms it afterwards.
/// So a slow disk stalls only its own child (its pipe fills and it blocks), bytes are never dropped, and the
/// event loop never waits for a disk.</summary>
public sealed unsafe class OutputCapture : IDisposable
{
    internal const int ReadSize = 1024 * 1024;
    private const int FairShare = 8 * 1024 * 1024; // bytes one work item drains before yielding to other pipes

    private readonly int _epfd, _wakeFd;
    private readonly Thread _thread;
    private readonly Dictionary<ulong, Pipe> _pipes = [];
    private readonly Lock _lock = new();
    private ulong _nextToken;
    private volatile bool _disposed;

    public OutputCapture()
    {
        _epfd = Libc.epoll_create1(Libc.O_CLOEXEC);
        _wakeFd = Libc.eventfd(0, Libc.EFD_CLOEXEC | Libc.EFD_NONBLOCK);
        if (_epfd < 0 || _wakeFd < 0) throw new IOException($"capture: epoll/eventfd failed: {Libc.StrError(Libc.Errno)}");
        var ev = new Libc.EpollEvent { Events = Libc.EPOLLIN, Data = 0 };
        Libc.epoll_ctl(_epfd, Libc.EPOLL_CTL_ADD, _wakeFd, &ev);
        _thread = new Thread(Loop) { IsBackground = true, Name = "output-capture" };
        _thread.Start();
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
        var ev = new Libc.EpollEvent { Events = Libc.EPOLLIN | Libc.EPOLLONESHOT, Data = pipe.Token };
        if (Libc.epoll_ctl(_epfd, Libc.EPOLL_CTL_ADD, fd, &ev) != 0) ThreadPool.UnsafeQueueUserWorkItem(pipe, false);
    }

    private void Loop()
    {
        const int Max = 128;
        var events = stackalloc Libc.EpollEvent[Max];
        while (!_disposed)
        {
            int n = Libc.epoll_wait(_epfd, events, Max, -1);
            for (int i = 0; i < n; i++)
            {
                if (events[i].Data == 0) { Libc.EventFdDrain(_wakeFd); continue; }
                Pipe? pipe;
                lock (_lock) _pipes.TryGetValue(events[i].Data, out pipe);
                if (pipe is not null) ThreadPool.UnsafeQueueUserWorkItem(pipe, false);
            }
        }
    }

    private void Rearm(Pipe pipe)
    {
        var ev = new Libc.EpollEvent { Events = Libc.EPOLLIN | Libc.EPOLLONESHOT, Data = pipe.Token };
        Libc.epoll_ctl(_epfd, Libc.EPOLL_CTL_MOD, pipe.Fd, &ev);
    }

    private void Closed(Pipe pipe)
    {
        lock (_lock) if (!_pipes.Remove(pipe.Token)) return; // Dispose already closed it
        Libc.epoll_ctl(_epfd, Libc.EPOLL_CTL_DEL, pipe.Fd, null);
        Libc.close(pipe.Fd);
        pipe.OnClosed();
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        Libc.EventFdSignal(_wakeFd);
        _thread.Join();
        lock (_lock)
        {
            foreach (var p in _pipes.Values) Libc.close(p.Fd);
            _pipes.Clear();
        }
        Libc.close(_epfd);
        Libc.close(_wakeFd);
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
