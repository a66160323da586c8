using System.Net.Sockets;
using Supervice.Rpc.Wire;

namespace Supervice.Rpc.Server;

/// <summary>RpcServer's fast path for a request that has already arrived whole.</summary>
internal static class BufferedRequest
{
    /// <summary>The request when all of it is already in the socket's buffer, as it is for ctl (which sends it right after
    /// connecting): taken at once, without RpcServer's deadline timer (two posts to the loop) or an await. Null when it has to be
    /// waited for; then nothing was consumed. An HTTP request is only recognised here (its first byte), never read.</summary>
    public static (byte[]? Payload, bool Http)? Take(Socket client)
    {
        try
        {
            int available = client.Available;
            if (available < 1) return null;
            Span<byte> header = stackalloc byte[Framing.HeaderSize];
            int peeked = client.Receive(header[..Math.Min(available, Framing.HeaderSize)], SocketFlags.Peek);
            if (peeked >= 1 && char.IsAsciiLetter((char)header[0])) return (null, true);
            if (peeked < Framing.HeaderSize) return null;
            uint length = Framing.DecodeLength(header);
            if (Framing.IsTooLarge(length) || available < Framing.HeaderSize + (long)length) return null;
            var body = new byte[length];
            if (!ReceiveAll(client, header) || !ReceiveAll(client, body)) return (null, false); // cannot happen with the bytes counted above
            return (body, false);
        }
        catch (SocketException) { return null; }
    }

    private static bool ReceiveAll(Socket client, Span<byte> into)
    {
        for (int got = 0; got < into.Length;)
        {
            int n = client.Receive(into[got..]);
            if (n <= 0) return false;
            got += n;
        }
        return true;
    }
}
