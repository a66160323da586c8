using System.Runtime.InteropServices;

namespace Supervice.Core.Native;

/// <summary>Waiting for descriptors: poll, epoll, and the eventfd with which a thread wakes an epoll loop.</summary>
internal static unsafe partial class Libc
{
    public const short POLLIN = 1;
    public const uint EPOLLIN = 0x1, EPOLLOUT = 0x4, EPOLLONESHOT = 1u << 30;
    public const int EPOLL_CTL_ADD = 1, EPOLL_CTL_DEL = 2, EPOLL_CTL_MOD = 3;
    public const int EFD_NONBLOCK = 0x800, EFD_CLOEXEC = 0x80000;

    /// <summary>struct pollfd (8 bytes).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd { public int Fd; public short Events; public short REvents; }

    /// <summary>struct epoll_event: packed on x86_64 (12 bytes, data at 4).</summary>
    [StructLayout(LayoutKind.Sequential, Pack = 4)]
    public struct EpollEvent
    {
        public uint Events;
        public ulong Data;
    }

    [LibraryImport("libc", SetLastError = true)]
    public static partial int poll(PollFd* fds, nuint count, int timeoutMs);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int epoll_create1(int flags);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int epoll_ctl(int epfd, int op, int fd, EpollEvent* ev);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int epoll_wait(int epfd, EpollEvent* events, int maxEvents, int timeoutMs);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int eventfd(uint initval, int flags);

    public static void EventFdSignal(int fd)
    {
        ulong one = 1;
        write(fd, (byte*)&one, sizeof(ulong));
    }

    public static void EventFdDrain(int fd)
    {
        ulong v;
        read(fd, (byte*)&v, sizeof(ulong));
    }
}
