using Supervice.Core.Native;

namespace Supervice.Core.Spawn;

/// <summary>The descriptors of one spawn: stdout, optional stderr, stdin (a pipe or /dev/null) and the fd:N
/// readiness pipe. All CLOEXEC (the spawn places the child's ends at their numbers); the parent's read ends of
/// output pipes are made non-blocking.</summary>
internal sealed unsafe class PipeSet
{
    private const int PipeSize = 1 << 20;
    public int StdoutRead = -1, StdoutWrite = -1, StderrRead = -1, StderrWrite = -1, ReadyRead = -1, ReadyWrite = -1,
        StdinRead = -1, StdinWrite = -1;

    /// <summary>The s6 notification pipe of `readiness = fd:N` (the spawn moves its write end to N).</summary>
    public bool OpenReady(out int errno)
    {
        errno = 0;
        return Make(out ReadyRead, out ReadyWrite, true, ref errno, false);
    }

    /// <summary>An event listener's stdin: the daemon writes events into it.</summary>
    public bool OpenStdin(out int errno)
    {
        errno = 0;
        if (!Make(out StdinRead, out StdinWrite, false, ref errno)) return false;
        Libc.fcntl(StdinWrite, Libc.F_SETPIPE_SZ, PipeSize); // best effort: one event (header + one output chunk) fits
        return true;
    }

    /// <summary>Every other child's stdin: /dev/null — the spawn's own shared descriptor (never closed here), or a
    /// fresh one if that could not be reserved.</summary>
    public bool OpenDevNullStdin(out int errno)
    {
        errno = 0;
        int shared = NativeSpawn.NullFd();
        if (shared >= 0) { StdinRead = shared; _sharedStdin = true; return true; }
        StdinRead = NativeSpawn.OpenDevNull(Libc.O_RDONLY);
        errno = StdinRead < 0 ? Libc.Errno : 0;
        return StdinRead >= 0;
    }

    private bool _sharedStdin;

    public bool Open(bool redirectStderr, out int errno, bool largeStdout = true, bool largeStderr = true)
    {
        errno = 0;
        if (!Make(out StdoutRead, out StdoutWrite, true, ref errno, largeStdout)) return false;
        return redirectStderr || Make(out StderrRead, out StderrWrite, true, ref errno, largeStderr);
    }

    private static bool Make(out int read, out int write, bool output, ref int errno, bool large = true)
    {
        int* fds = stackalloc int[2];
        if (Libc.pipe2(fds, Libc.O_CLOEXEC) != 0) { errno = Libc.Errno; read = write = -1; return false; }
        read = fds[0];
        write = fds[1];
        if (output)
        {
            Libc.fcntl(read, Libc.F_SETFL, Libc.O_NONBLOCK); // a fresh pipe's read end has no other status flag to keep
            if (large) Libc.fcntl(read, Libc.F_SETPIPE_SZ, PipeSize); // best effort: unprivileged users may be capped lower
        }
        return true;
    }

    public void CloseChildEnds()
    {
        Close(ref StdoutWrite);
        Close(ref StderrWrite);
        Close(ref ReadyWrite);
        if (_sharedStdin) StdinRead = -1;
        else Close(ref StdinRead);
    }

    /// <summary>The output read ends (and a listener's stdin write end) now belong to the caller.</summary>
    public void Detach() => StdoutRead = StderrRead = ReadyRead = StdinWrite = -1;

    public void CloseAll()
    {
        CloseChildEnds();
        Close(ref StdoutRead);
        Close(ref StderrRead);
        Close(ref ReadyRead);
        Close(ref StdinWrite);
    }

    private static void Close(ref int fd)
    {
        if (fd >= 0) Libc.close(fd);
        fd = -1;
    }
}
