using System.Text;
using Supervice.Core.Native;
using Supervice.Core.Native.Files;

namespace Supervice.Core.Daemon;

/// <summary>The pid file as 0.4.1 kept it: mode 0600, an exclusive non-blocking flock held for the daemon's life,
/// the pid without a newline; removed at exit only if the path still names our file. A stale file from a killed
/// daemon is harmless because its lock died with it. As root it is never written through a symlink nor opened as a
/// FIFO (README: Security): the existing file is opened no-follow only to learn whether a live daemon holds its lock, and
/// our pid is written to a fresh file, locked, then renamed over the path, so no reader ever sees it empty.</summary>
public sealed class PidFile : IDisposable
{
    private const int Mode = 0x180; // 0600
    private int _fd;
    private readonly Libc.FileInfo _identity;

    private PidFile(string path, int fd, Libc.FileInfo identity) { Path = path; _fd = fd; _identity = identity; }

    public string Path { get; }

    /// <summary>Takes the lock and writes our pid; null with a message when another daemon holds it or the path is
    /// not a plain file.</summary>
    public static PidFile? Acquire(string path, out string? error)
    {
        for (int attempt = 0; attempt < 5; attempt++)
        {
            // The old file's lock is held across the replacement: a second daemon starting now finds either inode locked.
            int old = SafeFile.OpenForWriting(path, Libc.O_RDWR | Libc.O_CREAT, Mode, out error);
            if (old < 0) { error = $"cannot use pid file: {error}"; return null; }
            if (Libc.StatFd(old) is not { Type: Libc.S_IFREG } oldInfo)
            {
                Libc.close(old);
                error = $"cannot use pid file {path}: it is not a regular file";
                return null;
            }
            if (Libc.flock(old, Libc.LOCK_EX | Libc.LOCK_NB) != 0)
            {
                var errno = Libc.Errno;
                var holder = ReadPid(old);
                Libc.close(old);
                error = errno == Libc.EWOULDBLOCK
                    ? $"another supervice is already running (pid file {path} is locked{(holder is { } h ? $" by pid {h}" : "")})"
                    : $"cannot lock pid file {path}: {Libc.StrError(errno)}";
                return null;
            }
            // Locked an inode the path no longer names (a daemon replaced it meanwhile): look again.
            if (Libc.LStat(path) is not { } now || now.Inode != oldInfo.Inode || now.Device != oldInfo.Device) { Libc.close(old); continue; }
            var pid = Encoding.ASCII.GetBytes(Environment.ProcessId.ToString());
            error = SafeFile.ReplaceFile(path, pid, Mode, out int fd, keepOpen: true,
                beforeRename: f => Libc.flock(f, Libc.LOCK_EX | Libc.LOCK_NB) == 0 ? null : $"cannot lock the new pid file: {Libc.StrError(Libc.Errno)}");
            Libc.close(old);
            if (error is not null) { error = $"cannot write pid file {path}: {error}"; return null; }
            return new PidFile(path, fd, Libc.StatFd(fd) ?? default);
        }
        error = $"cannot lock pid file {path}: it keeps being replaced";
        return null;
    }

    private static unsafe int? ReadPid(int fd)
    {
        const int Room = 32; // a pid and a newline, with room to spare
        byte* buf = stackalloc byte[Room];
        var n = Libc.pread(fd, buf, Room, 0);
        return n > 0 && int.TryParse(Encoding.ASCII.GetString(buf, (int)n).Trim(), out var pid) ? pid : null;
    }

    /// <summary>Removes the file if the path still names ours (never a file someone put in its place), then unlocks.
    /// Idempotent: shutdown releases it at its place in the order of README: The daemon, the using guard again.</summary>
    public void Dispose()
    {
        if (_fd < 0) return;
        if (Libc.LStat(Path) is { } now && now.Inode == _identity.Inode && now.Device == _identity.Device)
        {
            try { File.Delete(Path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
        Libc.flock(_fd, Libc.LOCK_UN);
        Libc.close(_fd);
        _fd = -1;
    }
}
