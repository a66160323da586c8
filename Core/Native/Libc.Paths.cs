using System.Runtime.InteropServices;

namespace Supervice.Core.Native;

/// <summary>Calls on names in the file system, relative to a directory descriptor (or AT_FDCWD): create, rename,
/// unlink, mode and ownership through descriptors, directory listing (README: Security).</summary>
internal static unsafe partial class Libc
{
    public const int AT_FDCWD = -100, AT_SYMLINK_NOFOLLOW = 0x100, AT_REMOVEDIR = 0x200, AT_EMPTY_PATH = 0x1000;

    [LibraryImport("libc", SetLastError = true)]
    public static partial int openat(int dirFd, byte* path, int flags, int mode);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int fchmod(int fd, int mode);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int fchownat(int dirFd, byte* path, uint uid, uint gid, int flags);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int renameat(int oldDirFd, byte* oldPath, int newDirFd, byte* newPath);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int unlinkat(int dirFd, byte* path, int flags);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int mkdir(byte* path, int mode);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int access(byte* path, int mode);

    /// <summary>The fixed head of one struct linux_dirent64 record; d_name (NUL-terminated) follows at
    /// <see cref="NameOffset"/>, the next record at d_reclen.</summary>
    [StructLayout(LayoutKind.Sequential, Pack = 1)]
    public struct Dirent64
    {
        public const int NameOffset = 19;
        public ulong Inode;
        public long Offset;
        public ushort RecordLength;
        public byte Type;
    }

    /// <summary>Directory entries (a run of <see cref="Dirent64"/> records) into buf; bytes filled, 0 at the end, -1
    /// on error.</summary>
    [LibraryImport("libc", SetLastError = true)]
    public static partial nint getdents64(int fd, byte* buf, nint count);
}
