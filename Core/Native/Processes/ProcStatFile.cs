using System.Buffers.Text;
using System.Text;

namespace Supervice.Core.Native.Processes;

/// <summary>/proc/PID/stat as text, with one open, read and close into a stack buffer: no FileStream, no StreamReader
/// (read once per spawn for the run's identity, so it sits on the spawn path).</summary>
public static unsafe class ProcStatFile
{
    /// <summary>The whole stat line (a few hundred bytes: comm is at most 16), or null when the pid is gone or unreadable.</summary>
    public static string? Read(int pid)
    {
        if (pid <= 0) return null;
        Span<byte> path = stackalloc byte[32];
        "/proc/"u8.CopyTo(path);
        Utf8Formatter.TryFormat(pid, path[6..], out int digits);
        "/stat\0"u8.CopyTo(path[(6 + digits)..]);
        int fd;
        fixed (byte* p = path) fd = Libc.open(p, Libc.O_RDONLY | Libc.O_CLOEXEC, 0);
        if (fd < 0) return null;
        Span<byte> text = stackalloc byte[1024];
        nint n;
        fixed (byte* b = text)
            do n = Libc.read(fd, b, text.Length); while (Libc.Interrupted(n));
        Libc.close(fd);
        return n > 0 ? Encoding.UTF8.GetString(text[..(int)n]) : null;
    }
}
