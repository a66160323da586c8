using System.Runtime.InteropServices;

namespace Supervice.Core.Native;

/// <summary>Raw sockets where no .NET Socket fits: the accept/send with which the RPC server sheds a pending
/// connection when it is out of file descriptors, and the sd_notify datagram socket of readiness = notify, whose
/// SCM_CREDENTIALS no .NET Socket API returns; the ctl client's blocking connect; plus the layouts of struct ucred (SO_PEERCRED).</summary>
internal static unsafe partial class Libc
{
    public const int AF_UNIX = 1, SOCK_DGRAM = 2, SOCK_NONBLOCK = 0x800, SOCK_CLOEXEC = 0x80000;
    public const int SOL_SOCKET = 1, SO_PASSCRED = 16, SO_PEERCRED = 17, SCM_CREDENTIALS = 2;
    public const int SHUT_RDWR = 2;
    public const int SOCK_STREAM = 1, SO_RCVTIMEO = 20, SO_SNDTIMEO = 21;
    public const int EPIPE = 32, ECONNREFUSED = 111, ECONNRESET = 104, ECONNABORTED = 103, ETIMEDOUT = 110, ENOTSOCK = 88,
        EPROTOTYPE = 91, ENOTCONN = 107, EADDRINUSE = 98, ENAMETOOLONG = 36;
    public const int MSG_DONTWAIT = 0x40, MSG_NOSIGNAL = 0x4000, MSG_CMSG_CLOEXEC = 0x40000000;

    [StructLayout(LayoutKind.Sequential)]
    public struct IoVec { public byte* Base; public nint Length; }

    /// <summary>struct msghdr (56 bytes).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct MsgHdr
    {
        public byte* Name; public int NameLength; public IoVec* Iov; public nint IovLength;
        public byte* Control; public nint ControlLength; public int Flags;
    }

    /// <summary>struct cmsghdr (16 bytes); its data follows at sizeof(CMsgHdr) (CMSG_DATA).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct CMsgHdr { public nint Length; public int Level, Type; }

    /// <summary>struct ucred (12 bytes): SO_PEERCRED and SCM_CREDENTIALS.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct UCred { public int Pid; public uint Uid, Gid; }

    /// <summary>struct sockaddr_un (110 bytes); a path starting with NUL names an abstract socket.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct SockAddrUn
    {
        public const int PathOffset = 2, PathSize = 108;
        public ushort Family;
        public fixed byte Path[PathSize];
    }

    [LibraryImport("libc", SetLastError = true)]
    public static partial int socket(int domain, int type, int protocol);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int bind(int fd, byte* addr, int addrlen);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int setsockopt(int fd, int level, int name, int* value, int len);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int accept4(int fd, nint addr, nint addrlen, int flags);

    [LibraryImport("libc", SetLastError = true)]
    public static partial nint send(int fd, byte* buf, nint len, int flags);

    [LibraryImport("libc", SetLastError = true)]
    public static partial nint recvmsg(int fd, MsgHdr* msg, int flags);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int shutdown(int fd, int how);

    /// <summary>The ctl client (Rpc/Client/RpcClient) connects a plain blocking unix stream socket: a .NET Socket's first
    /// use starts the socket engine's epoll thread and probes IPv4/IPv6 support (~1 ms of a ~5 ms ctl process).</summary>
    [LibraryImport("libc", SetLastError = true)]
    public static partial int connect(int fd, byte* addr, int addrlen);
}
