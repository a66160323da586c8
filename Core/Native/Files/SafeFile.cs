namespace Supervice.Core.Native.Files;

/// <summary>What the daemon writes as root (pid file, logs, state file): no-follow opens that cannot hang on a FIFO,
/// mode through descriptors, atomic replacement (README: Security). Built on Libc.Fd, Libc.Paths and Libc.Stat.</summary>
internal static unsafe class SafeFile
{
    /// <summary>Opens a file the daemon writes: never through a symlink (O_NOFOLLOW), never hanging on a FIFO (O_NONBLOCK
    /// for the open itself, cleared afterwards), close-on-exec; only a regular file or a character device (/dev/null, a
    /// tty) is kept. `/dev/stdout`, `/dev/stderr`, `/dev/fd/N` and `/proc/self/fd/N` are symlinks by nature: they name
    /// the daemon's own descriptor, which is duplicated instead. Returns the fd, or -1 with a message naming the path.</summary>
    public static int OpenForWriting(string path, int flags, int mode, out string? error)
    {
        error = null;
        if (OwnDescriptor(path) is { } own)
        {
            int dup = Libc.fcntl(own, Libc.F_DUPFD_CLOEXEC, 0);
            if (dup < 0) error = $"cannot open {path}: {Libc.StrError(Libc.Errno)}";
            return dup;
        }
        int fd;
        using (var arena = new NativeArena()) fd = Libc.open(arena.String(path), flags | Libc.O_NOFOLLOW | Libc.O_NONBLOCK | Libc.O_CLOEXEC, mode);
        if (fd < 0)
        {
            int errno = Libc.Errno;
            var seen = Libc.LStat(path);
            error = errno is Libc.ELOOP or Libc.ENXIO && seen is { } s && s.Type is Libc.S_IFLNK or Libc.S_IFIFO or Libc.S_IFSOCK
                ? (s.Type == Libc.S_IFLNK ? $"{path} is a symbolic link; refusing to follow it" : $"{path} is {Libc.TypeName(s.Type)}, not a regular file; refusing to write to it")
                : $"cannot open {path}: {Libc.StrError(errno)}";
            return -1;
        }
        var info = Libc.StatFd(fd);
        if (info is not { Type: Libc.S_IFREG or Libc.S_IFCHR })
        {
            Libc.close(fd);
            error = $"{path} is {(info is { } i ? Libc.TypeName(i.Type) : "unreadable")}, not a regular file; refusing to write to it";
            return -1;
        }
        Libc.fcntl(fd, Libc.F_SETFL, Libc.fcntl(fd, Libc.F_GETFL, 0) & ~Libc.O_NONBLOCK);
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
        int fd = Libc.open(cTemp, Libc.O_RDWR | Libc.O_CREAT | Libc.O_EXCL | Libc.O_NOFOLLOW | Libc.O_CLOEXEC, mode);
        if (fd < 0) return $"cannot create {temp}: {Libc.StrError(Libc.Errno)}";
        string? failure = null;
        if (Libc.fchmod(fd, mode) != 0) failure = $"cannot set the mode of {temp}: {Libc.StrError(Libc.Errno)}";
        fixed (byte* p = content)
        {
            for (nint done = 0; failure is null && done < content.Length;)
            {
                var n = Libc.write(fd, p + done, content.Length - done);
                if (n > 0) done += n;
                else if (Libc.Interrupted(n)) continue;
                else failure = $"cannot write {temp}: {Libc.StrError(Libc.Errno)}";
            }
        }
        if (failure is null && Libc.fsync(fd) != 0) failure = $"cannot fsync {temp}: {Libc.StrError(Libc.Errno)}";
        failure ??= beforeRename?.Invoke(fd);
        if (failure is null && Libc.renameat(Libc.AT_FDCWD, cTemp, Libc.AT_FDCWD, arena.String(path)) != 0) failure = $"cannot rename {temp} to {path}: {Libc.StrError(Libc.Errno)}";
        if (failure is not null)
        {
            Libc.unlinkat(Libc.AT_FDCWD, cTemp, 0);
            Libc.close(fd);
            return failure;
        }
        int dirFd = Libc.open(arena.String(dir), Libc.O_RDONLY | Libc.O_DIRECTORY | Libc.O_CLOEXEC, 0);
        if (dirFd >= 0) { Libc.fsync(dirFd); Libc.close(dirFd); }
        if (keepOpen) keptFd = fd; else Libc.close(fd);
        return null;
    }
}
