using System.Runtime.InteropServices;

namespace Supervice.Core.Native;

/// <summary>fstat and fstatat into a typed struct stat, and what the daemon reads of it.</summary>
internal static unsafe partial class Libc
{
    public const int S_IFMT = 0xF000, S_IFIFO = 0x1000, S_IFCHR = 0x2000, S_IFDIR = 0x4000, S_IFBLK = 0x6000, S_IFREG = 0x8000,
        S_IFLNK = 0xA000, S_IFSOCK = 0xC000;
    /// <summary>The permission bits of st_mode (rwx for user, group, other, plus setuid, setgid, sticky).</summary>
    public const int S_IPERM = 0xFFF;
    /// <summary>rwx for user, group and other (0777; glibc's ACCESSPERMS).</summary>
    public const int ACCESSPERMS = 0x1FF;

    /// <summary>struct stat (x86_64: 144 bytes).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Stat
    {
        public ulong Device, Inode, LinkCount;
        public int Mode;
        public uint Uid, Gid;
        private int _pad;
        public ulong RawDevice;
        public long Size, BlockSize, Blocks;
        public long AccessSeconds, AccessNanos, ModifySeconds, ModifyNanos, ChangeSeconds, ChangeNanos;
        private long _reserved0, _reserved1, _reserved2;
    }

    [LibraryImport("libc", SetLastError = true)]
    public static partial int fstat(int fd, Stat* statBuf);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int fstatat(int dirFd, byte* path, Stat* statBuf, int flags);

    /// <summary>What fstat/lstat say about one inode.</summary>
    public readonly record struct FileInfo(ulong Device, ulong Inode, int Mode, uint Uid, long Size)
    {
        public int Type => Mode & S_IFMT;
        public int Permissions => Mode & S_IPERM;

        public FileInfo(in Stat st) : this(st.Device, st.Inode, st.Mode, st.Uid, st.Size) { }
    }

    public static FileInfo? StatFd(int fd)
    {
        Stat st;
        return fstat(fd, &st) == 0 ? new FileInfo(st) : null;
    }

    /// <summary>lstat: the path's own inode, a symlink not followed; null (errno set) when it cannot be read.</summary>
    public static FileInfo? LStat(string path)
    {
        Stat st;
        using var arena = new NativeArena();
        return fstatat(AT_FDCWD, arena.String(path), &st, AT_SYMLINK_NOFOLLOW) == 0 ? new FileInfo(st) : null;
    }

    public static string TypeName(int type) => type switch
    {
        S_IFREG => "a regular file",
        S_IFDIR => "a directory",
        S_IFLNK => "a symbolic link",
        S_IFIFO => "a FIFO",
        S_IFSOCK => "a socket",
        S_IFCHR => "a character device",
        S_IFBLK => "a block device",
        _ => "not a regular file",
    };
}
