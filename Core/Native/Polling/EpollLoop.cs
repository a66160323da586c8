namespace Supervice.Core.Native.Polling;

/// <summary>One epoll set, an eventfd that wakes it, and the one thread that waits on it: the wait without a timeout
/// (no idle wake-ups), the EINTR retry, the wake-up's drain, then a batch handed to the owner's handler. What a ready
/// descriptor means stays with the owner (Reaper, OutputCapture, StdinWatch). Stop, then Dispose: the thread has ended
/// before a descriptor is closed.</summary>
internal sealed unsafe class EpollLoop : IDisposable
{
    /// <summary>The eventfd's token; an owner numbers its own descriptors from 1.</summary>
    public const ulong WakeToken = 0;

    private readonly int _epfd, _wakeFd;
    private Thread? _thread;
    private volatile bool _stopping;

    /// <summary>Creates the set and the eventfd; owner names the failure ("reaper: epoll/eventfd failed: …").</summary>
    public EpollLoop(string owner)
    {
        _epfd = Libc.epoll_create1(Libc.O_CLOEXEC);
        _wakeFd = Libc.eventfd(0, Libc.EFD_CLOEXEC | Libc.EFD_NONBLOCK);
        if (_epfd < 0 || _wakeFd < 0 || !Add(_wakeFd, Libc.EPOLLIN, WakeToken))
        {
            var error = $"{owner}: epoll/eventfd failed: {Libc.StrError(Libc.Errno)}";
            if (_epfd >= 0) Libc.close(_epfd);
            if (_wakeFd >= 0) Libc.close(_wakeFd);
            throw new IOException(error);
        }
    }

    /// <summary>Starts the thread that waits and calls handler.Ready after each wait (once; before, nothing is waited for).</summary>
    public void Start<THandler>(string threadName, THandler handler, int maxEvents) where THandler : struct, IEpollHandler
    {
        _thread = new Thread(() => Run(handler, maxEvents)) { IsBackground = true, Name = threadName };
        _thread.Start();
    }

    /// <summary>The epoll_ctl calls (any thread); false with the errno in Libc.Errno.</summary>
    public bool Add(int fd, uint events, ulong token) => Control(Libc.EPOLL_CTL_ADD, fd, events, token);

    public bool Modify(int fd, uint events, ulong token) => Control(Libc.EPOLL_CTL_MOD, fd, events, token);

    public bool Remove(int fd) => Libc.epoll_ctl(_epfd, Libc.EPOLL_CTL_DEL, fd, null) == 0;

    private bool Control(int op, int fd, uint events, ulong token)
    {
        var ev = new Libc.EpollEvent { Events = events, Data = token };
        return Libc.epoll_ctl(_epfd, op, fd, &ev) == 0;
    }

    /// <summary>Makes the thread return from its wait and call the handler, with nothing else ready if need be. Any thread.</summary>
    public void Wake() => Libc.EventFdSignal(_wakeFd);

    /// <summary>Ends the thread and waits for it: the batch in hand is finished, no wait follows. The flag is set before
    /// the wake-up, and the eventfd stays readable until drained, so the stop is never lost. Not on the loop's thread.</summary>
    public void Stop()
    {
        _stopping = true;
        Wake();
        _thread?.Join();
    }

    /// <summary>Closes the set and the eventfd; after Stop.</summary>
    public void Dispose()
    {
        Libc.close(_epfd);
        Libc.close(_wakeFd);
    }

    /// <summary>Closes the set but not the eventfd; after Stop. For an owner whose other threads may still call Wake:
    /// a write to a closed fd number could land in whatever file reused it.</summary>
    public void DisposeKeepingWake() => Libc.close(_epfd);

    private void Run<THandler>(THandler handler, int maxEvents) where THandler : struct, IEpollHandler
    {
        var events = stackalloc Libc.EpollEvent[maxEvents];
        while (!_stopping)
        {
            int n;
            do n = Libc.epoll_wait(_epfd, events, maxEvents, -1); while (Libc.Interrupted(n));
            if (n < 0) return;
            int kept = 0;
            for (int i = 0; i < n; i++)
            {
                // Drained before the batch is handled, so a wake-up that comes meanwhile wakes the next wait.
                if (events[i].Data == WakeToken) Libc.EventFdDrain(_wakeFd);
                else events[kept++] = events[i];
            }
            handler.Ready(new ReadOnlySpan<Libc.EpollEvent>(events, kept));
        }
    }
}
