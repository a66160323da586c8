using System.Globalization;
using System.Net.Sockets;
using System.Text.Json;
using Supervice.Rpc.Messages;
using Supervice.Rpc.Server;
using Supervice.Rpc.Wire;


namespace Supervice.Rpc.Client;

/// <summary>The ctl side of the socket, with blocking calls: a one-shot process measured faster without the
/// socket engine and thread pool that async calls start. Every failure is an <see cref="RpcClientException"/>
/// with a plain message and ctl's exit code (4: daemon unreachable, 1: no or bad answer).</summary>
public sealed class RpcClient : IDisposable
{
    private readonly Socket _socket;
    private readonly string _path;
    private readonly TimeSpan _timeout;

    private RpcClient(Socket socket, string path, TimeSpan timeout) { _socket = socket; _path = path; _timeout = timeout; }

    public static RpcClient Connect(string path, TimeSpan timeout)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Connect(new UnixDomainSocketEndPoint(path));
            socket.SendTimeout = socket.ReceiveTimeout = Milliseconds(timeout);
            return new RpcClient(socket, path, timeout);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new RpcClientException(e.SocketErrorCode switch
            {
                SocketError.AddressNotAvailable => $"supervice is not running (no socket at {path})",
                SocketError.ConnectionRefused => $"supervice is not running (connection refused at {path})",
                _ when !File.Exists(path) => $"supervice is not running (no socket at {path})",
                _ => $"cannot connect to supervice at {path}: {SocketBinder.Describe(e)}",
            }, 4);
        }
        catch (ArgumentException)
        {
            socket.Dispose();
            throw new RpcClientException($"invalid socket path: {path}", 4);
        }
    }

    /// <summary>Sends the request and reads the one reply (or, when streaming, the first frame).</summary>
    public (RpcReply Reply, byte[] Raw) Call(RpcRequest request)
    {
        try { _socket.Send(Framing.Encode(RequestWriter.Write(request))); }
        catch (SocketException e)
        {
            // A daemon that refuses us answers and closes at once, maybe before our request went out: read its answer.
            if (e.SocketErrorCode is SocketError.Shutdown or SocketError.ConnectionReset or SocketError.ConnectionAborted)
                try { if (Next() is { } answer) return answer; } catch (RpcClientException) { }
            throw new RpcClientException($"cannot send to supervice at {_path}: {SocketBinder.Describe(e)}", 1);
        }
        return Next() ?? throw new RpcClientException($"supervice closed the connection without answering (socket: {_path})", 1);
    }

    /// <summary>The next frame of a stream, waiting as long as it takes; null when the daemon closed.</summary>
    public (RpcReply Reply, byte[] Raw)? NextStreamed()
    {
        _socket.ReceiveTimeout = 0;
        return Next();
    }

    private (RpcReply, byte[])? Next()
    {
        FrameRead frame;
        try { frame = Framing.Read(_socket); }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock)
        {
            var secs = _timeout.TotalSeconds.ToString("0", CultureInfo.InvariantCulture);
            throw new RpcClientException($"No response from supervice within {secs}s (socket: {_path})", 1);
        }
        catch (SocketException e) { throw new RpcClientException($"connection to supervice failed: {SocketBinder.Describe(e)}", 1); }
        if (frame.IsTooLarge) throw new RpcClientException(Framing.TooLargeMessage(frame.Length).Replace("Message", "Reply"), 1);
        if (frame.Payload is not { } raw) return null;
        try
        {
            var reply = JsonSerializer.Deserialize(raw, RpcJsonContext.Default.RpcReply);
            return reply is null ? throw new RpcClientException("invalid reply from supervice", 1) : (reply, raw);
        }
        catch (JsonException) { throw new RpcClientException("invalid reply from supervice", 1); }
    }

    private static int Milliseconds(TimeSpan t) => t <= TimeSpan.Zero ? 0 : (int)Math.Min(int.MaxValue, Math.Max(1, t.TotalMilliseconds));

    public void Dispose() => _socket.Dispose();
}
