using System.Runtime.InteropServices;

namespace Supervice.Core.Native;

/// <summary>inotify (cgroup.events is watched with it).</summary>
internal static unsafe partial class Libc
{
    public const int IN_CLOEXEC = 0x80000;
    public const uint IN_MODIFY = 0x2, IN_IGNORED = 0x8000;

    /// <summary>The fixed head of one struct inotify_event (16 bytes); Length bytes of name follow it.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct InotifyEvent
    {
        public int Watch;
        public uint Mask, Cookie, Length;
    }

    [LibraryImport("libc", SetLastError = true)]
    public static partial int inotify_init1(int flags);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int inotify_add_watch(int fd, string path, uint mask);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int inotify_rm_watch(int fd, int wd);
}
