using System.Buffers.Binary;
using System.Net.Sockets;

namespace Supervice.Rpc.Wire;

/// <summary>The wire frame (unchanged since 0.4.1, docs/ARCHITECTURE.md, Compatibility): a 4-byte big-endian length, then that many bytes of UTF-8 JSON.
/// At most 1 MiB (exactly 1048576 is allowed); length 0 is a valid (empty) frame.</summary>
public static class Framing
{
    public const int MaxPayload = 1048576;
    public const int HeaderSize = 4;

    /// <summary>Header and payload in one buffer, so a frame goes out in one send.</summary>
    public static byte[] Encode(ReadOnlySpan<byte> payload)
    {
        var frame = new byte[HeaderSize + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame, (uint)payload.Length);
        payload.CopyTo(frame.AsSpan(HeaderSize));
        return frame;
    }

    public static uint DecodeLength(ReadOnlySpan<byte> header) => BinaryPrimitives.ReadUInt32BigEndian(header);

    public static bool IsTooLarge(uint length) => length > MaxPayload;

    public static string TooLargeMessage(uint length) => $"Message too large: {length} bytes (max {MaxPayload})";

    /// <summary>Reads one frame; null when the peer closed before a whole frame arrived.
    /// A length over the cap returns <see cref="FrameRead.IsTooLarge"/> without reading the body.</summary>
    public static async ValueTask<FrameRead> ReadAsync(Stream stream, CancellationToken ct)
    {
        var header = new byte[HeaderSize];
        if (!await ReadExactAsync(stream, header, ct).ConfigureAwait(false)) return FrameRead.Closed;
        var length = DecodeLength(header);
        if (IsTooLarge(length)) return FrameRead.Oversized(length);
        var body = new byte[length];
        if (!await ReadExactAsync(stream, body, ct).ConfigureAwait(false)) return FrameRead.Closed;
        return FrameRead.Complete(body);
    }

    /// <summary>Blocking read of one frame (the ctl client: one short-lived process, no thread pool).</summary>
    public static FrameRead Read(Socket socket)
    {
        var header = new byte[HeaderSize];
        if (!ReadExact(socket, header)) return FrameRead.Closed;
        var length = DecodeLength(header);
        if (IsTooLarge(length)) return FrameRead.Oversized(length);
        var body = new byte[length];
        if (!ReadExact(socket, body)) return FrameRead.Closed;
        return FrameRead.Complete(body);
    }

    private static async ValueTask<bool> ReadExactAsync(Stream stream, Memory<byte> buffer, CancellationToken ct)
    {
        int done = 0;
        while (done < buffer.Length)
        {
            int n = await stream.ReadAsync(buffer[done..], ct).ConfigureAwait(false);
            if (n == 0) return false;
            done += n;
        }
        return true;
    }

    private static bool ReadExact(Socket socket, Span<byte> buffer)
    {
        int done = 0;
        while (done < buffer.Length)
        {
            int n = socket.Receive(buffer[done..]);
            if (n == 0) return false;
            done += n;
        }
        return true;
    }
}
