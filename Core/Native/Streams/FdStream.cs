namespace Supervice.Core.Native.Streams;

/// <summary>A write-only stream over a raw fd using write(2). FileStream would use positional writes on a
/// regular file and two streams on one file (stdout and stderr redirected together) overwrite each other.</summary>
public sealed unsafe class FdStream(int fd) : WriteOnlyStream
{
    public override void Write(ReadOnlySpan<byte> data)
    {
        fixed (byte* p = data)
        {
            nint done = 0;
            while (done < data.Length)
            {
                var n = Libc.write(fd, p + done, data.Length - done);
                if (n < 0)
                {
                    if (Libc.Interrupted(n)) continue;
                    throw new IOException($"write to fd {fd} failed (errno {Libc.Errno})");
                }
                done += n;
            }
        }
    }
}
