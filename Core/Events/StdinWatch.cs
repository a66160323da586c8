using Supervice.Core.Native;
using Supervice.Core.Native.Polling;

namespace Supervice.Core.Events;

/// <summary>Tells when a listener's stdin can take more bytes. The loop waits on its own queue, not on fds, so one thread
/// waits in epoll for EPOLLOUT (one-shot) on the stdins that hold unwritten bytes and calls back, which posts to the loop.
/// The thread starts with the first stdin that fills up; it waits without a timeout, so it adds no idle wake-ups.</summary>
public sealed class StdinWatch : IDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<int, (ulong Token, Action Writable)> _byFd = new();
    private readonly Dictionary<ulong, int> _fdOf = new();
    private ulong _nextToken;
    private EpollLoop? _epoll;
    private volatile bool _disposed;

    /// <summary>Calls writable (on the watch thread) once fd can be written again, or has an error such as a closed
    /// read end. Watching an fd again replaces its callback. False when fd cannot be watched (the errno is in Libc.Errno).</summary>
    public bool Watch(int fd, Action writable)
    {
        lock (_lock)
        {
            if (_disposed) return false;
            var epoll = _epoll ??= Start();
            var token = ++_nextToken;
            bool known = _byFd.TryGetValue(fd, out var old);
            if (known) _fdOf.Remove(old.Token);
            _byFd[fd] = (token, writable);
            _fdOf[token] = fd;
            const uint Events = Libc.EPOLLOUT | Libc.EPOLLONESHOT;
            if (known ? epoll.Modify(fd, Events, token) : epoll.Add(fd, Events, token)) return true;
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
            _epoll?.Remove(fd);
        }
    }

    private EpollLoop Start()
    {
        var epoll = new EpollLoop("listener stdin watch");
        epoll.Start("listener-stdin", new Dispatcher(this), 32);
        return epoll;
    }

    /// <summary>The watch thread's handler: the callback of each stdin that has room, unless it was replaced or forgotten.</summary>
    private readonly struct Dispatcher(StdinWatch owner) : IEpollHandler
    {
        public void Ready(ReadOnlySpan<Libc.EpollEvent> ready)
        {
            foreach (var ev in ready) owner.Writable(ev.Data)?.Invoke();
        }
    }

    private Action? Writable(ulong token)
    {
        lock (_lock)
            return _fdOf.TryGetValue(token, out var fd) && _byFd.TryGetValue(fd, out var entry) && entry.Token == token
                ? entry.Writable : null;
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed) return;
            _disposed = true;
        }
        if (_epoll is null) return;
        _epoll.Stop();
        _epoll.Dispose();
    }
}
