using System.Runtime.InteropServices;

namespace Supervice.Core.Native;

/// <summary>libc calls used by the RPC room: tty detection, and the raw accept/send with which the server sheds a
/// pending connection when it is out of file descriptors (no .NET Socket is built for it).</summary>
internal static unsafe partial class Libc
{
    public const int SOCK_NONBLOCK = 0x800, SOCK_CLOEXEC = 0x80000, MSG_DONTWAIT = 0x40, MSG_NOSIGNAL = 0x4000;

    [LibraryImport("libc")]
    public static partial int isatty(int fd);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int accept4(int fd, nint addr, nint addrlen, int flags);

    [LibraryImport("libc", SetLastError = true)]
    public static partial nint send(int fd, byte* buf, nint len, int flags);

    /// <summary>/dev/null read-only and close-on-exec: a descriptor held in reserve; -1 when none can be opened.</summary>
    public static int OpenReserveFd()
    {
        fixed (byte* p = "/dev/null\0"u8) return open(p, O_RDONLY | O_CLOEXEC, 0);
    }
}
