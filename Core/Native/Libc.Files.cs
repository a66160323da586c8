using System.Runtime.InteropServices;

namespace Supervice.Core.Native;

/// <summary>File calls for what the daemon writes as root (pid file, logs, state file, socket): no-follow opens that
/// cannot hang on a FIFO, ownership and mode through descriptors, atomic replacement (README: Security).</summary>
internal static unsafe partial class Libc
{
    public const int EWOULDBLOCK = 11, ENXIO = 6, ELOOP = 40, EEXIST = 17;
    public const int O_EXCL = 0x80, O_TRUNC = 0x200, O_DIRECTORY = 0x10000, O_NOFOLLOW = 0x20000, O_PATH = 0x200000;
    public const int AT_FDCWD = -100, AT_SYMLINK_NOFOLLOW = 0x100, AT_EMPTY_PATH = 0x1000;
    public const int S_IFIFO = 0x1000, S_IFCHR = 0x2000, S_IFDIR = 0x4000, S_IFBLK = 0x6000, S_IFLNK = 0xA000, S_IFSOCK = 0xC000;

    [LibraryImport("libc", SetLastError = true)]
    public static partial int ftruncate(int fd, long length);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int fchmod(int fd, int mode);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int fchownat(int dirFd, byte* path, uint uid, uint gid, int flags);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int fstatat(int dirFd, byte* path, byte* statBuf, int flags);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int fsync(int fd);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int openat(int dirFd, byte* path, int flags, int mode);

    /// <summary>Directory entries (struct linux_dirent64: d_ino 8, d_off 8, d_reclen 2, d_type 1, d_name) into buf;
    /// bytes filled, 0 at the end, -1 on error.</summary>
    [LibraryImport("libc", SetLastError = true)]
    public static partial nint getdents64(int fd, byte* buf, nint count);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int renameat(int oldDirFd, byte* oldPath, int newDirFd, byte* newPath);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int unlinkat(int dirFd, byte* path, int flags);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int mkdir(byte* path, int mode);

    [LibraryImport("libc", SetLastError = true)]
    public static partial nint pread(int fd, byte* buf, nint count, long offset);

    /// <summary>What fstat/lstat say about one inode (x86_64 struct stat offsets).</summary>
    public readonly record struct FileInfo(ulong Device, ulong Inode, int Mode, uint Uid, long Size)
    {
        public int Type => Mode & S_IFMT;
        public int Permissions => Mode & 0xFFF;
    }

    public static FileInfo? StatFd(int fd)
    {
        byte* st = stackalloc byte[256];
        return fstat(fd, st) == 0 ? Read(st) : null;
    }

    /// <summary>lstat: the path's own inode, a symlink not followed; null (errno set) when it cannot be read.</summary>
    public static FileInfo? LStat(string path)
    {
        byte* st = stackalloc byte[256];
        using var arena = new NativeArena();
        return fstatat(AT_FDCWD, arena.String(path), st, AT_SYMLINK_NOFOLLOW) == 0 ? Read(st) : null;
    }

    private static FileInfo Read(byte* st) => new(*(ulong*)st, *(ulong*)(st + 8), *(int*)(st + 24), *(uint*)(st + 28), *(long*)(st + 48));

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

    /// <summary>Opens a file the daemon writes: never through a symlink (O_NOFOLLOW), never hanging on a FIFO (O_NONBLOCK
    /// for the open itself, cleared afterwards), close-on-exec; only a regular file or a character device (/dev/null, a
    /// tty) is kept. `/dev/stdout`, `/dev/stderr`, `/dev/fd/N` and `/proc/self/fd/N` are symlinks by nature: they name
    /// the daemon's own descriptor, which is duplicated instead. Returns the fd, or -1 with a message naming the path.</summary>
    public static int OpenForWriting(string path, int flags, int mode, out string? error)
    {
        error = null;
        if (OwnDescriptor(path) is { } own)
        {
            int dup = fcntl(own, F_DUPFD_CLOEXEC, 0);
            if (dup < 0) error = $"cannot open {path}: {StrError(Errno)}";
            return dup;
        }
        int fd;
        using (var arena = new NativeArena()) fd = open(arena.String(path), flags | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, mode);
        if (fd < 0)
        {
            int errno = Errno;
            var seen = LStat(path);
            error = errno is ELOOP or ENXIO && seen is { } s && s.Type is S_IFLNK or S_IFIFO or S_IFSOCK
                ? (s.Type == S_IFLNK ? $"{path} is a symbolic link; refusing to follow it" : $"{path} is {TypeName(s.Type)}, not a regular file; refusing to write to it")
                : $"cannot open {path}: {StrError(errno)}";
            return -1;
        }
        var info = StatFd(fd);
        if (info is not { Type: S_IFREG or S_IFCHR })
        {
            close(fd);
            error = $"{path} is {(info is { } i ? TypeName(i.Type) : "unreadable")}, not a regular file; refusing to write to it";
            return -1;
        }
        fcntl(fd, F_SETFL, fcntl(fd, F_GETFL, 0) & ~O_NONBLOCK);
        return fd;
    }

    private static int? OwnDescriptor(string path)
    {
        if (path == "/dev/stdout") return 1;
        if (path == "/dev/stderr") return 2;
        foreach (var prefix in (ReadOnlySpan<string>)["/dev/fd/", "/proc/self/fd/"])
            if (path.StartsWith(prefix, StringComparison.Ordinal) && int.TryParse(path.AsSpan(prefix.Length), out var n) && n >= 0) return n;
        return null;
    }

    /// <summary>Replaces `path` atomically with `content`: a temp file beside it (O_EXCL|O_NOFOLLOW, mode set by fchmod),
    /// write, fsync, rename over the path (a symlink there is replaced, never followed), fsync of the directory.
    /// keepOpen: the new file's fd is returned (for the pid file's lock, taken before the rename), else closed.
    /// Returns null on success, else the error.</summary>
    public static string? ReplaceFile(string path, ReadOnlySpan<byte> content, int mode, out int keptFd, bool keepOpen = false, Func<int, string?>? beforeRename = null)
    {
        keptFd = -1;
        var dir = System.IO.Path.GetDirectoryName(path) is { Length: > 0 } d ? d : ".";
        var temp = System.IO.Path.Combine(dir, $".{System.IO.Path.GetFileName(path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        using var arena = new NativeArena();
        var cTemp = arena.String(temp);
        int fd = open(cTemp, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
        if (fd < 0) return $"cannot create {temp}: {StrError(Errno)}";
        string? failure = null;
        if (fchmod(fd, mode) != 0) failure = $"cannot set the mode of {temp}: {StrError(Errno)}";
        fixed (byte* p = content)
        {
            for (nint done = 0; failure is null && done < content.Length;)
            {
                var n = write(fd, p + done, content.Length - done);
                if (n > 0) done += n;
                else if (n < 0 && Errno == EINTR) continue;
                else failure = $"cannot write {temp}: {StrError(Errno)}";
            }
        }
        if (failure is null && fsync(fd) != 0) failure = $"cannot fsync {temp}: {StrError(Errno)}";
        failure ??= beforeRename?.Invoke(fd);
        if (failure is null && renameat(AT_FDCWD, cTemp, AT_FDCWD, arena.String(path)) != 0) failure = $"cannot rename {temp} to {path}: {StrError(Errno)}";
        if (failure is not null)
        {
            unlinkat(AT_FDCWD, cTemp, 0);
            close(fd);
            return failure;
        }
        int dirFd = open(arena.String(dir), O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
        if (dirFd >= 0) { fsync(dirFd); close(dirFd); }
        if (keepOpen) keptFd = fd; else close(fd);
        return null;
    }
}
