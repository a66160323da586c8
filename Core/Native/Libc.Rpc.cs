using System.Runtime.InteropServices;

namespace Supervice.Core.Native;

/// <summary>libc calls used by the RPC room: tty detection, and the raw accept/send with which the server sheds a
/// pending connection when it is out of file descriptors (no .NET Socket is built for it); and the sd_notify
/// datagram socket of readiness = notify, whose SCM_CREDENTIALS no .NET Socket API returns; and connect for the
/// ctl client's plain blocking socket.</summary>
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

    public const int AF_UNIX = 1, SOCK_DGRAM = 2, SOL_SOCKET = 1, SO_PASSCRED = 16, SCM_CREDENTIALS = 2, MSG_CMSG_CLOEXEC = 0x40000000;

    [LibraryImport("libc", SetLastError = true)]
    public static partial int socket(int domain, int type, int protocol);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int bind(int fd, byte* addr, int addrlen);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int setsockopt(int fd, int level, int name, int* value, int len);

    [LibraryImport("libc", SetLastError = true)]
    public static partial nint recvmsg(int fd, MsgHdr* msg, int flags);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int shutdown(int fd, int how);

    // The ctl client (Rpc/Client/RpcClient): a blocking unix stream socket, no .NET Socket (whose first use starts
    // the socket engine's epoll thread and probes IPv4/IPv6 support: ~1 ms of a ~5 ms ctl process).
    public const int SOCK_STREAM = 1, SO_RCVTIMEO = 20, SO_SNDTIMEO = 21;
    public const int EPIPE = 32, ECONNREFUSED = 111, ECONNRESET = 104, ECONNABORTED = 103, ETIMEDOUT = 110, ENOTSOCK = 88,
        EPROTOTYPE = 91, ENOTCONN = 107, EADDRINUSE = 98, ENAMETOOLONG = 36;

    [LibraryImport("libc", SetLastError = true)]
    public static partial int connect(int fd, byte* addr, int addrlen);

    [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)]
    public struct IoVec { public byte* Base; public nint Length; }

    [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)]
    public struct MsgHdr
    {
        public byte* Name; public int NameLength; public IoVec* Iov; public nint IovLength;
        public byte* Control; public nint ControlLength; public int Flags;
    }
}
