using Supervice.Core.Native;

namespace Supervice.Core.Trees;

/// <summary>Learns that a group emptied from its cgroup.events file, by inotify: one thread blocked in read(2), woken
/// only when a watched file changes (a group filling or emptying), never by a timer.</summary>
internal sealed unsafe class CgroupWatcher : IDisposable
{
    private readonly int _fd;
    private readonly Thread _thread;
    private readonly Action<int> _changed;
    private volatile bool _disposed;

    /// <param name="fd">The inotify instance.</param>
    /// <param name="changed">Called on the watcher thread with the watch descriptor of the file that changed.</param>
    private CgroupWatcher(int fd, Action<int> changed)
    {
        _fd = fd;
        _changed = changed;
        _thread = new Thread(Loop) { IsBackground = true, Name = "cgroup-events" };
        _thread.Start();
    }

    public static CgroupWatcher? Create(Action<int> changed)
    {
        int fd = Libc.inotify_init1(Libc.IN_CLOEXEC);
        return fd < 0 ? null : new CgroupWatcher(fd, changed);
    }

    /// <summary>The watch descriptor, or -1.</summary>
    public int Add(string eventsFile) => Libc.inotify_add_watch(_fd, eventsFile, Libc.IN_MODIFY);

    public void Remove(int wd) { if (wd >= 0) Libc.inotify_rm_watch(_fd, wd); }

    private void Loop()
    {
        const int Size = 4096;
        byte* buf = stackalloc byte[Size];
        while (!_disposed)
        {
            nint n = Libc.read(_fd, buf, Size);
            if (n <= 0) { if (Libc.Interrupted(n)) continue; return; }
            for (nint off = 0; off + sizeof(Libc.InotifyEvent) <= n; off += sizeof(Libc.InotifyEvent) + (nint)((Libc.InotifyEvent*)(buf + off))->Length)
            {
                var e = (Libc.InotifyEvent*)(buf + off);
                if ((e->Mask & Libc.IN_IGNORED) == 0 && !_disposed) _changed(e->Watch);
            }
        }
    }

    /// <summary>The thread stays blocked in read until the process exits (it is a background thread); the fd is kept
    /// open so it never reads from a recycled fd number.</summary>
    public void Dispose() => _disposed = true;
}
