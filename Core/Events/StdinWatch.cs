using Supervice.Core.Native;

namespace Supervice.Core.Events;

/// <summary>Tells when a listener's stdin can take more bytes. The loop waits on its own queue, not on fds, so one thread
/// waits in epoll for EPOLLOUT (one-shot) on the stdins that hold unwritten bytes and calls back, which posts to the loop.
/// The thread starts with the first stdin that fills up; it waits without a timeout, so it adds no idle wake-ups.</summary>
public sealed unsafe class StdinWatch : IDisposable
{
    private const uint EPOLLOUT = 0x4; // not among Libc's constants (Core/Native is full); epoll(7)'s value

    private readonly Lock _lock = new();
    private readonly Dictionary<int, (ulong Token, Action Writable)> _byFd = new();
    private readonly Dictionary<ulong, int> _fdOf = new();
    private ulong _nextToken;
    private int _epfd = -1, _wakeFd = -1;
    private Thread? _thread;
    private volatile bool _disposed;

    /// <summary>Calls writable (on the watch thread) once fd can be written again, or has an error such as a closed
    /// read end. Watching an fd again replaces its callback. False when fd cannot be watched (the errno is in Libc.Errno).</summary>
    public bool Watch(int fd, Action writable)
    {
        lock (_lock)
        {
            if (_disposed) return false;
            Start();
            var token = ++_nextToken;
            var ev = new Libc.EpollEvent { Events = EPOLLOUT | Libc.EPOLLONESHOT, Data = token };
            bool known = _byFd.TryGetValue(fd, out var old);
            if (known) _fdOf.Remove(old.Token);
            _byFd[fd] = (token, writable);
            _fdOf[token] = fd;
            if (Libc.epoll_ctl(_epfd, known ? Libc.EPOLL_CTL_MOD : Libc.EPOLL_CTL_ADD, fd, &ev) == 0) return true;
            _byFd.Remove(fd);
            _fdOf.Remove(token);
            return false;
        }
    }

    /// <summary>Before fd is closed: no callback for it from now on.</summary>
    public void Forget(int fd)
    {
        lock (_lock)
        {
            if (!_byFd.Remove(fd, out var entry)) return;
            _fdOf.Remove(entry.Token);
            Libc.epoll_ctl(_epfd, Libc.EPOLL_CTL_DEL, fd, null);
        }
    }

    private void Start()
    {
        if (_thread is not null) return;
        _epfd = Libc.epoll_create1(Libc.O_CLOEXEC);
        _wakeFd = Libc.eventfd(0, Libc.EFD_CLOEXEC | Libc.EFD_NONBLOCK);
        if (_epfd < 0 || _wakeFd < 0) throw new IOException($"listener stdin watch: epoll/eventfd failed: {Libc.StrError(Libc.Errno)}");
        var ev = new Libc.EpollEvent { Events = Libc.EPOLLIN, Data = 0 };
        Libc.epoll_ctl(_epfd, Libc.EPOLL_CTL_ADD, _wakeFd, &ev);
        _thread = new Thread(Loop) { IsBackground = true, Name = "listener-stdin" };
        _thread.Start();
    }

    private void Loop()
    {
        const int Max = 32;
        var events = stackalloc Libc.EpollEvent[Max];
        while (!_disposed)
        {
            int n = Libc.epoll_wait(_epfd, events, Max, -1);
            for (int i = 0; i < n; i++)
            {
                if (events[i].Data == 0) { Libc.EventFdDrain(_wakeFd); continue; }
                Action? writable = null;
                lock (_lock)
                    if (_fdOf.TryGetValue(events[i].Data, out var fd) && _byFd.TryGetValue(fd, out var entry) && entry.Token == events[i].Data)
                        writable = entry.Writable;
                writable?.Invoke();
            }
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed) return;
            _disposed = true;
        }
        if (_thread is null) return;
        Libc.EventFdSignal(_wakeFd);
        _thread.Join();
        Libc.close(_epfd);
        Libc.close(_wakeFd);
    }
}
