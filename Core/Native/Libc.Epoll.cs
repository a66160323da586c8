using System.Runtime.InteropServices;

namespace Supervice.Core.Native;

/// <summary>epoll, eventfd and inotify (cgroup.events is watched with inotify).</summary>
internal static unsafe partial class Libc
{
    public const uint EPOLLIN = 0x1, EPOLLERR = 0x8, EPOLLHUP = 0x10, EPOLLONESHOT = 1u << 30;
    public const int EPOLL_CTL_ADD = 1, EPOLL_CTL_DEL = 2, EPOLL_CTL_MOD = 3;
    public const int EFD_NONBLOCK = 0x800, EFD_CLOEXEC = 0x80000;

    [StructLayout(LayoutKind.Sequential, Pack = 4)]
    public struct EpollEvent
    {
        public uint Events;
        public ulong Data;
    }

    [LibraryImport("libc", SetLastError = true)]
    public static partial int epoll_create1(int flags);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int epoll_ctl(int epfd, int op, int fd, EpollEvent* ev);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int epoll_wait(int epfd, EpollEvent* events, int maxEvents, int timeoutMs);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int eventfd(uint initval, int flags);

    public const int IN_CLOEXEC = 0x80000;
    public const uint IN_MODIFY = 0x2, IN_IGNORED = 0x8000;

    [LibraryImport("libc", SetLastError = true)]
    public static partial int inotify_init1(int flags);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int inotify_add_watch(int fd, string path, uint mask);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int inotify_rm_watch(int fd, int wd);

    public static void EventFdSignal(int fd)
    {
        ulong one = 1;
        write(fd, (byte*)&one, 8);
    }

    public static void EventFdDrain(int fd)
    {
        ulong v;
        read(fd, (byte*)&v, 8);
    }
}
