using System.Runtime.InteropServices;
using Supervice.Core.Native;

namespace Supervice.Core.Daemon;

/// <summary>The pid file as the original: mode 0600, an exclusive non-blocking flock held for the daemon's life,
/// the pid without a newline; removed at exit only if it still holds our pid. A stale file from a killed daemon
/// is harmless because its lock died with it.</summary>
public sealed class PidFile : IDisposable
{
    private readonly int _fd;
    private readonly int _pid;

    private PidFile(string path, int fd, int pid) { Path = path; _fd = fd; _pid = pid; }

    public string Path { get; }

    /// <summary>Takes the lock and writes our pid; null with a message when another daemon holds it.</summary>
    public static unsafe PidFile? Acquire(string path, out string? error)
    {
        error = null;
        int fd;
        using (var arena = new NativeArena()) fd = Libc.open(arena.String(path), Libc.O_RDWR | Libc.O_CREAT | Libc.O_CLOEXEC, Convert.ToInt32("600", 8));
        if (fd < 0)
        {
            error = $"cannot open pid file {path}: {Libc.StrError(Libc.Errno)}";
            return null;
        }
        if (Libc.flock(fd, Libc.LOCK_EX | Libc.LOCK_NB) != 0)
        {
            var errno = Libc.Errno;
            Libc.close(fd);
            var holder = ReadPid(path);
            error = errno == Libc.EWOULDBLOCK
                ? $"another supervice is already running (pid file {path} is locked{(holder is { } h ? $" by pid {h}" : "")})"
                : $"cannot lock pid file {path}: {Libc.StrError(errno)}";
            return null;
        }
        int pid = Environment.ProcessId;
        Libc.ftruncate(fd, 0);
        var bytes = System.Text.Encoding.ASCII.GetBytes(pid.ToString());
        fixed (byte* p = bytes) Libc.write(fd, p, bytes.Length);
        return new PidFile(path, fd, pid);
    }

    public static int? ReadPid(string path)
    {
        try { return int.TryParse(File.ReadAllText(path).Trim(), out var pid) ? pid : null; }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    public void Dispose()
    {
        if (ReadPid(Path) == _pid)
        {
            try { File.Delete(Path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
        Libc.flock(_fd, Libc.LOCK_UN);
        Libc.close(_fd);
    }
}
