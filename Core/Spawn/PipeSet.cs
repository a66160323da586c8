using Supervice.Core.Native;

namespace Supervice.Core.Spawn;

/// <summary>The pipes of one spawn: stdout, optional stderr and the shim's error pipe. All CLOEXEC;
/// the parent's read ends are made non-blocking (except the error pipe, read synchronously).</summary>
internal sealed unsafe class PipeSet
{
    private const int PipeSize = 1 << 20;
    public int StdoutRead = -1, StdoutWrite = -1, StderrRead = -1, StderrWrite = -1, ErrorRead = -1, ErrorWrite = -1, ReadyRead = -1, ReadyWrite = -1,
        StdinRead = -1, StdinWrite = -1;

    /// <summary>The s6 notification pipe of `readiness = fd:N`; the write end is moved above N and the exec shim's fds so
    /// that no dup2 of the spawn clobbers it (and a dup2 onto itself would keep CLOEXEC).</summary>
    public bool OpenReady(int n, out int errno)
    {
        errno = 0;
        if (!Make(out ReadyRead, out ReadyWrite, true, ref errno, false)) return false;
        var moved = Libc.fcntl(ReadyWrite, Libc.F_DUPFD_CLOEXEC, Math.Max(n, ExecShim.ErrorFd + 1) + 1);
        if (moved < 0) { errno = Libc.Errno; return false; }
        Libc.close(ReadyWrite);
        ReadyWrite = moved;
        return true;
    }

    /// <summary>An event listener's stdin: the daemon writes events into it.</summary>
    public bool OpenStdin(out int errno)
    {
        errno = 0;
        if (!Make(out StdinRead, out StdinWrite, false, ref errno)) return false;
        Libc.fcntl(StdinWrite, Libc.F_SETPIPE_SZ, PipeSize); // best effort: one event (header + one output chunk) fits
        return true;
    }

    public bool Open(bool redirectStderr, bool errorPipe, out int errno, bool largeStdout = true, bool largeStderr = true)
    {
        errno = 0;
        if (!Make(out StdoutRead, out StdoutWrite, true, ref errno, largeStdout)) return false;
        if (!redirectStderr && !Make(out StderrRead, out StderrWrite, true, ref errno, largeStderr)) return false;
        if (!errorPipe) return true;
        if (!Make(out ErrorRead, out ErrorWrite, false, ref errno)) return false;
        if (ErrorWrite == ExecShim.ErrorFd)
        {
            // dup2 onto itself would leave CLOEXEC set and the shim would lose its error channel.
            var moved = Libc.fcntl(ErrorWrite, Libc.F_DUPFD_CLOEXEC, ExecShim.ErrorFd + 1);
            if (moved < 0) { errno = Libc.Errno; return false; }
            Libc.close(ErrorWrite);
            ErrorWrite = moved;
        }
        return true;
    }

    private static bool Make(out int read, out int write, bool output, ref int errno, bool large = true)
    {
        int* fds = stackalloc int[2];
        if (Libc.pipe2(fds, Libc.O_CLOEXEC) != 0) { errno = Libc.Errno; read = write = -1; return false; }
        read = fds[0];
        write = fds[1];
        if (output)
        {
            Libc.fcntl(read, Libc.F_SETFL, Libc.fcntl(read, Libc.F_GETFL, 0) | Libc.O_NONBLOCK);
            if (large) Libc.fcntl(read, Libc.F_SETPIPE_SZ, PipeSize); // best effort: unprivileged users may be capped lower
        }
        return true;
    }

    public void CloseChildEnds()
    {
        Close(ref StdoutWrite);
        Close(ref StderrWrite);
        Close(ref ErrorWrite);
        Close(ref ReadyWrite);
        Close(ref StdinRead);
    }

    /// <summary>The output read ends (and a listener's stdin write end) now belong to the caller.</summary>
    public void Detach() => StdoutRead = StderrRead = ReadyRead = StdinWrite = -1;

    public void CloseAll()
    {
        CloseChildEnds();
        Close(ref StdoutRead);
        Close(ref StderrRead);
        Close(ref ErrorRead);
        Close(ref ReadyRead);
        Close(ref StdinWrite);
    }

    private static void Close(ref int fd)
    {
        if (fd >= 0) Libc.close(fd);
        fd = -1;
    }
}
