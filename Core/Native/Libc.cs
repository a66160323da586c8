using System.Runtime.InteropServices;

namespace Supervice.Core.Native;

/// <summary>libc calls. Every P/Invoke of the product lives in Core/Native (one partial class per area).
/// This file: plain fd I/O, errno helpers and process identity.</summary>
internal static unsafe partial class Libc
{
    public const int EINTR = 4, EAGAIN = 11, ENOENT = 2, ENOEXEC = 8, EACCES = 13, EPERM = 1, ECHILD = 10, EMFILE = 24, ENFILE = 23;
    public const int O_RDONLY = 0, O_WRONLY = 1, O_RDWR = 2, O_CREAT = 0x40, O_APPEND = 0x400, O_NONBLOCK = 0x800, O_CLOEXEC = 0x80000;
    public const int F_GETFD = 1, F_SETFD = 2, F_GETFL = 3, F_SETFL = 4, F_DUPFD_CLOEXEC = 1030, F_SETPIPE_SZ = 1031, FD_CLOEXEC = 1;
    public const int LOCK_EX = 2, LOCK_NB = 4, LOCK_UN = 8;
    public const uint CLOSE_RANGE_CLOEXEC = 4;
    public const int S_IFMT = 0xF000, S_IFREG = 0x8000;

    [LibraryImport("libc", SetLastError = true)]
    public static partial nint write(int fd, byte* buf, nint count);

    [LibraryImport("libc", SetLastError = true)]
    public static partial nint read(int fd, byte* buf, nint count);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int close(int fd);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int open(byte* path, int flags, int mode);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int fcntl(int fd, int cmd, int arg);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int pipe2(int* fds, int flags);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int flock(int fd, int operation);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int access(byte* path, int mode);

    /// <summary>struct stat is written into a 256-byte buffer; offsets are x86_64's (the only RID we build).</summary>
    [LibraryImport("libc", SetLastError = true)]
    public static partial int fstat(int fd, byte* statBuf);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int close_range(uint first, uint last, uint flags);

    [LibraryImport("libc")]
    public static partial int umask(int mask);

    [LibraryImport("libc")]
    public static partial int getpid();

    [LibraryImport("libc")]
    public static partial int getppid();

    [LibraryImport("libc")]
    public static partial int getpgrp();

    [LibraryImport("libc")]
    public static partial uint getuid();

    [LibraryImport("libc")]
    public static partial uint geteuid();

    [LibraryImport("libc")]
    public static partial uint getgid();

    public static int Errno => Marshal.GetLastPInvokeError();

    public static string StrError(int errno) => Marshal.GetPInvokeErrorMessage(errno);

    /// <summary>(st_mode, st_size) of an open fd, or null.</summary>
    public static (int Mode, long Size)? Stat(int fd)
    {
        byte* st = stackalloc byte[256];
        if (fstat(fd, st) != 0) return null;
        return (*(int*)(st + 24), *(long*)(st + 48));
    }
}
