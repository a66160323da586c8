using System.Text;

namespace Supervice.Core.Native.Files;

/// <summary>A whole small file of the kernel's (/proc, cgroupfs) with one open, reads until end of file, and close: no
/// FileStream, StreamReader or fstat (these files report size 0 anyway). The daemon reads cgroup.procs and
/// cgroup.events on every exit and respawn, so this sits on the respawn path (issue #16, M4).</summary>
public static unsafe class KernelFile
{
    private const int StackChunk = 4096;

    /// <summary>The file's text (UTF-8), or null when it cannot be opened or read.</summary>
    public static string? ReadText(string path) => Read(path, static bytes => Encoding.UTF8.GetString(bytes), out var text) ? text : null;

    /// <summary>Reads the whole file and hands its bytes to parse (valid only during the call). False when the file
    /// cannot be opened or read; parse is not called then.</summary>
    public static bool Read<T>(string path, SpanFunc<T> parse, out T? result)
    {
        result = default;
        int fd = Open(path);
        if (fd < 0) return false;
        try
        {
            Span<byte> chunk = stackalloc byte[StackChunk];
            int used = Fill(fd, chunk);
            if (used < 0) return false;
            if (used < chunk.Length) { result = parse(chunk[..used]); return true; }
            // Larger than the stack chunk (a cgroup.procs of hundreds of pids): carry on into a growing array.
            var big = new byte[StackChunk * 4];
            chunk.CopyTo(big);
            while (true)
            {
                if (used == big.Length) Array.Resize(ref big, big.Length * 2);
                int n = Fill(fd, big.AsSpan(used));
                if (n < 0) return false;
                used += n;
                if (used < big.Length) break;
            }
            result = parse(big.AsSpan(0, used));
            return true;
        }
        finally
        {
            Libc.close(fd);
        }
    }

    public delegate T SpanFunc<out T>(ReadOnlySpan<byte> bytes);

    private static int Open(string path)
    {
        int max = Encoding.UTF8.GetMaxByteCount(path.Length) + 1;
        if (max > 1024) { using var arena = new NativeArena(); return Libc.open(arena.String(path), Libc.O_RDONLY | Libc.O_CLOEXEC, 0); }
        Span<byte> z = stackalloc byte[max];
        int len = Encoding.UTF8.GetBytes(path, z);
        if (z[..len].IndexOf((byte)0) >= 0) return -1;
        z[len] = 0;
        fixed (byte* p = z) return Libc.open(p, Libc.O_RDONLY | Libc.O_CLOEXEC, 0);
    }

    /// <summary>Reads until the span is full or the file ends: the byte count, or -1 on an error.</summary>
    private static int Fill(int fd, Span<byte> into)
    {
        int used = 0;
        fixed (byte* b = into)
        {
            while (used < into.Length)
            {
                nint n;
                do n = Libc.read(fd, b + used, into.Length - used); while (Libc.Interrupted(n));
                if (n < 0) return -1;
                if (n == 0) break;
                used += (int)n;
            }
        }
        return used;
    }
}
