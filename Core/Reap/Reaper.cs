using Supervice.Core.Lifecycle;
using Supervice.Core.Native;
using Supervice.Core.Native.Polling;
using Supervice.Core.Reconcile;
using Supervice.Config;

namespace Supervice.Core.Reap;

/// <summary>Collects every child's exit status. One dedicated thread waits in epoll over a pidfd per watched child
/// (plus an eventfd). As a child subreaper we also inherit orphaned grandchildren; a second thread blocks in
/// waitid(P_ALL, WNOWAIT), which only peeks, and wakes the reaper, whose sweep reaps every zombie and maps it:
/// watched → onExit, reserved by the Spawner but not yet watched → kept until Watch, anything else → orphan.
/// No signal handler (the runtime's SIGCHLD handling can steal statuses) and no polling.</summary>
public sealed unsafe class Reaper : IDisposable
{
    private sealed record Entry(int Pid, int PidFd, ulong Token);

    private readonly Action<ChildExit> _onExit;
    private readonly EpollLoop _epoll;
    private readonly Thread _orphanWatcher;
    private readonly Dictionary<int, Entry> _watched = [];
    private readonly Dictionary<ulong, Entry> _byToken = [];
    private readonly HashSet<int> _reserved = [], _abandoned = [];
    private readonly Dictionary<int, ChildExit> _early = [];
    private readonly Queue<ChildExit> _pending = new();
    private readonly SemaphoreSlim _childrenMayExist = new(0);
    private readonly AutoResetEvent _sweepDone = new(false);
    private readonly List<ChildExit> _exits = []; // the reaper thread's: the exits of one batch
    private ulong _nextToken;
    private long _orphansReaped, _orphansSeen;
    private volatile bool _disposed;

    /// <summary>Held by the Spawner across the spawn + Reserve, so the sweep never sees an unregistered child.</summary>
    internal object SpawnGate { get; } = new();

    public long OrphansReaped => Interlocked.Read(ref _orphansReaped);

    /// <summary>Called on the reaper thread after a sweep reaped at least one orphan.</summary>
    public Action? OrphanReaped { get; init; }

    public int WatchedCount { get { lock (SpawnGate) return _watched.Count; } }

    public Reaper(Action<ChildExit> onExit)
    {
        _onExit = onExit;
        Libc.ResetSignal(Signals.SIGCHLD); // inherited SIG_IGN would make the kernel auto-reap and waitid fail
        Libc.prctl(Libc.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
        _epoll = new EpollLoop("reaper");
        _orphanWatcher = new Thread(WatchForZombies) { IsBackground = true, Name = "reaper-orphans" };
        _epoll.Start("reaper", new Dispatcher(this), 64);
        _orphanWatcher.Start();
    }

    /// <summary>Adds a spawned child (thread-safe). The reaper owns pidFd from now on and closes it after the exit.</summary>
    public void Watch(int pid, int pidFd)
    {
        lock (SpawnGate)
        {
            _reserved.Remove(pid);
            if (_early.Remove(pid, out var exit))
            {
                if (pidFd >= 0) Libc.close(pidFd);
                _pending.Enqueue(exit);
                _epoll.Wake();
                return;
            }
            var entry = new Entry(pid, pidFd, ++_nextToken);
            _watched[pid] = entry;
            _byToken[entry.Token] = entry;
            if (pidFd >= 0) _epoll.Add(pidFd, Libc.EPOLLIN, entry.Token);
        }
        _childrenMayExist.Release();
    }

    /// <summary>Signals a watched child through its pidfd (never a recycled pid). False when it is already reaped.
    /// Thread-safe: the gate keeps the pidfd open (and the child unreaped) while the signal is sent.</summary>
    public bool SendSignal(int pid, int sig)
    {
        lock (SpawnGate)
        {
            if (!_watched.TryGetValue(pid, out var e)) return false;
            // Without a pidfd (pidfd_open failed) the pid is still safe to use: under the gate it stays unreaped.
            return e.PidFd >= 0 ? ProcessSignals.SendViaPidFd(e.PidFd, sig) : ProcessSignals.Send(pid, sig);
        }
    }

    /// <summary>Signals the process group a spawned child leads (children start their own session, so its pgid is
    /// its pid), only while that group provably is ours (README: Security): its leader is watched and not yet reaped (so
    /// neither its pid nor its group id can have been recycled), or, once the leader is gone, one of our own unreaped
    /// children is still in it. The gate keeps every child unreaped meanwhile. pgid ≤ 1 and the daemon's own group
    /// are never signalled. Thread-safe. False when nothing was signalled.</summary>
    public bool SignalGroup(int pgid, int sig)
    {
        if (pgid <= 1 || pgid == Libc.getpgrp()) return false;
        lock (SpawnGate)
        {
            if (!_watched.ContainsKey(pgid) && !HoldsChildOfOurs(pgid)) return false;
            return ProcessSignals.SendToGroup(pgid, sig);
        }
    }

    /// <summary>One of our unreaped children is in group pgid. Watched children lead their own group and cannot
    /// leave it (a session leader cannot change its group), so only the others (reparented orphans) are read.</summary>
    private bool HoldsChildOfOurs(int pgid)
    {
        foreach (var child in ProcTable.Children(Libc.getpid()))
            if (!_watched.ContainsKey(child) && ProcessIdentity.Stat(child) is { } s && s.Pgid == pgid) return true;
        return false;
    }

    /// <summary>Reaps any zombie now (normally automatic).</summary>
    public void SweepOrphans() => _epoll.Wake();

    internal void Reserve(int pid)
    {
        _reserved.Add(pid);
        _childrenMayExist.Release();
    }

    /// <summary>A spawned child the caller will never Watch (it failed before execve): reap it silently.</summary>
    internal void Abandon(int pid)
    {
        lock (SpawnGate)
        {
            _reserved.Remove(pid);
            if (!_early.Remove(pid)) _abandoned.Add(pid);
        }
        _epoll.Wake();
    }

    /// <summary>The reaper thread's handler: a wake-up alone still sweeps (it is how the orphan watcher asks for one).</summary>
    private readonly struct Dispatcher(Reaper owner) : IEpollHandler
    {
        public void Ready(ReadOnlySpan<Libc.EpollEvent> ready) => owner.Reap(ready);
    }

    private void Reap(ReadOnlySpan<Libc.EpollEvent> ready)
    {
        lock (SpawnGate)
        {
            foreach (var ev in ready) ReapWatched(ev.Data);
            Sweep();
            while (_pending.TryDequeue(out var exit)) _exits.Add(exit);
        }
        _sweepDone.Set();
        foreach (var exit in _exits) if (!_disposed) _onExit(exit);
        if (Interlocked.Read(ref _orphansReaped) != _orphansSeen) { _orphansSeen = Interlocked.Read(ref _orphansReaped); if (!_disposed) OrphanReaped?.Invoke(); }
        _exits.Clear();
    }

    private void ReapWatched(ulong token)
    {
        if (!_byToken.TryGetValue(token, out var e)) return;
        var info = default(Libc.SigInfo);
        if (Libc.waitid(Libc.P_PIDFD, e.PidFd, &info, Libc.WEXITED | Libc.WNOHANG) != 0 || info.Pid == 0) return;
        Forget(e);
        _pending.Enqueue(ChildExit.FromSigInfo(info));
    }

    private void Sweep()
    {
        Libc.SigInfo info;
        while (true)
        {
            info = default;
            if (Libc.waitid(Libc.P_ALL, 0, &info, Libc.WEXITED | Libc.WNOHANG | Libc.WNOWAIT) != 0) return;
            int pid = info.Pid;
            if (pid == 0) return;
            info = default;
            if (Libc.waitid(Libc.P_PID, pid, &info, Libc.WEXITED | Libc.WNOHANG) != 0) return;
            var exit = ChildExit.FromSigInfo(info);
            if (_watched.TryGetValue(pid, out var e)) { Forget(e); _pending.Enqueue(exit); }
            else if (_reserved.Remove(pid)) _early[pid] = exit;
            else if (!_abandoned.Remove(pid)) _orphansReaped++;
        }
    }

    private void Forget(Entry e)
    {
        _watched.Remove(e.Pid);
        _byToken.Remove(e.Token);
        if (e.PidFd >= 0) Libc.close(e.PidFd); // closing also removes it from the epoll set
    }

    private void WatchForZombies()
    {
        Libc.SigInfo info;
        while (!_disposed)
        {
            info = default;
            if (Libc.waitid(Libc.P_ALL, 0, &info, Libc.WEXITED | Libc.WNOWAIT) != 0)
            {
                if (Libc.Errno == Libc.ECHILD) _childrenMayExist.Wait();
                continue;
            }
            if (_disposed) return;
            _sweepDone.Reset();
            _epoll.Wake();
            _sweepDone.WaitOne();
        }
    }

    /// <summary>Stops the reaper thread and closes the pidfds. The eventfd stays open: the orphan watcher may
    /// still be blocked in waitid and must never write into a recycled fd number.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _epoll.Stop();
        _childrenMayExist.Release();
        _sweepDone.Set();
        lock (SpawnGate)
        {
            foreach (var e in _watched.Values) if (e.PidFd >= 0) Libc.close(e.PidFd);
            _watched.Clear();
            _byToken.Clear();
        }
        _epoll.DisposeKeepingWake();
    }
}
