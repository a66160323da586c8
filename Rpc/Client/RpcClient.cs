using System.Globalization;
using System.Text;
using System.Text.Json;
using Supervice.Core.Native;
using Supervice.Rpc.Messages;
using Supervice.Rpc.Wire;


namespace Supervice.Rpc.Client;

/// <summary>The ctl side of the socket: one blocking unix stream socket driven through libc (socket, connect,
/// send, read with SO_RCVTIMEO). A one-shot process measured faster without .NET's Socket, whose first use starts
/// the socket engine's epoll thread and probes IPv4/IPv6 support (issue #16, M3). Every failure is an
/// <see cref="RpcClientException"/> with a plain message and ctl's exit code (4: daemon unreachable, 1: no or bad
/// answer); the texts are those the .NET Socket version printed.</summary>
public sealed unsafe class RpcClient : IDisposable
{
    private const int SunPathSize = 108; // struct sockaddr_un: sa_family_t, then 108 bytes of NUL-terminated path

    private int _fd;
    private readonly string _path;
    private readonly TimeSpan _timeout;

    private RpcClient(int fd, string path, TimeSpan timeout) { _fd = fd; _path = path; _timeout = timeout; }

    public static RpcClient Connect(string path, TimeSpan timeout)
    {
        var bytes = Encoding.UTF8.GetBytes(path);
        if (bytes.Length == 0 || bytes.Length >= SunPathSize || Array.IndexOf(bytes, (byte)0) >= 0)
            throw new RpcClientException($"invalid socket path: {path}", 4);
        int fd = Libc.socket(Libc.AF_UNIX, Libc.SOCK_STREAM | Libc.SOCK_CLOEXEC, 0);
        if (fd < 0) throw new RpcClientException($"cannot connect to supervice at {path}: {Describe(Libc.Errno)}", 4);
        byte* addr = stackalloc byte[2 + SunPathSize];
        new Span<byte>(addr, 2 + SunPathSize).Clear();
        *(ushort*)addr = Libc.AF_UNIX;
        bytes.CopyTo(new Span<byte>(addr + 2, SunPathSize));
        if (Libc.connect(fd, addr, 2 + bytes.Length + 1) != 0)
        {
            int errno = Libc.Errno;
            Libc.close(fd);
            throw new RpcClientException(errno switch
            {
                Libc.ENOENT => $"supervice is not running (no socket at {path})",
                Libc.ECONNREFUSED => $"supervice is not running (connection refused at {path})",
                _ when !File.Exists(path) => $"supervice is not running (no socket at {path})",
                _ => $"cannot connect to supervice at {path}: {Describe(errno)}",
            }, 4);
        }
        SetTimeout(fd, Libc.SO_SNDTIMEO, timeout);
        SetTimeout(fd, Libc.SO_RCVTIMEO, timeout);
        return new RpcClient(fd, path, timeout);
    }

    /// <summary>Sends the request and reads the one reply (or, when streaming, the first frame).</summary>
    public (RpcReply Reply, byte[] Raw) Call(RpcRequest request)
    {
        if (Send(Framing.Encode(RequestWriter.Write(request))) is int errno)
        {
            // A daemon that refuses us answers and closes at once, maybe before our request went out: read its answer.
            if (errno is Libc.EPIPE or Libc.ECONNRESET or Libc.ECONNABORTED)
                try { if (Next() is { } answer) return answer; } catch (RpcClientException) { }
            throw new RpcClientException($"cannot send to supervice at {_path}: {Describe(errno)}", 1);
        }
        return Next() ?? throw new RpcClientException($"supervice closed the connection without answering (socket: {_path})", 1);
    }

    /// <summary>The next frame of a stream, waiting as long as it takes; null when the daemon closed.</summary>
    public (RpcReply Reply, byte[] Raw)? NextStreamed()
    {
        SetTimeout(_fd, Libc.SO_RCVTIMEO, TimeSpan.Zero);
        return Next();
    }

    private (RpcReply, byte[])? Next()
    {
        var header = new byte[Framing.HeaderSize];
        if (!ReadExact(header)) return null;
        var length = Framing.DecodeLength(header);
        if (Framing.IsTooLarge(length)) throw new RpcClientException(Framing.TooLargeMessage(length).Replace("Message", "Reply"), 1);
        var raw = new byte[length];
        if (!ReadExact(raw)) return null;
        try
        {
            return (ReplyReader.Read(raw), raw);
        }
        catch (JsonException) { throw new RpcClientException("invalid reply from supervice", 1); }
    }

    /// <summary>Null once every byte went out, else the errno.</summary>
    private int? Send(byte[] data)
    {
        fixed (byte* p = data)
            for (int done = 0; done < data.Length;)
            {
                var n = Libc.send(_fd, p + done, data.Length - done, Libc.MSG_NOSIGNAL);
                if (n >= 0) { done += (int)n; continue; }
                int errno = Libc.Errno;
                if (errno == Libc.EINTR) continue;
                return errno;
            }
        return null;
    }

    /// <summary>False when the daemon closed before the buffer was full.</summary>
    private bool ReadExact(byte[] buffer)
    {
        fixed (byte* p = buffer)
            for (int done = 0; done < buffer.Length;)
            {
                var n = Libc.read(_fd, p + done, buffer.Length - done);
                if (n > 0) { done += (int)n; continue; }
                if (n == 0) return false;
                int errno = Libc.Errno;
                if (errno == Libc.EINTR) continue;
                if (errno == Libc.EAGAIN)
                {
                    var secs = _timeout.TotalSeconds.ToString("0", CultureInfo.InvariantCulture);
                    throw new RpcClientException($"No response from supervice within {secs}s (socket: {_path})", 1);
                }
                throw new RpcClientException($"connection to supervice failed: {Describe(errno)}", 1);
            }
        return true;
    }

    /// <summary>SO_SNDTIMEO / SO_RCVTIMEO as a struct timeval; zero waits for ever.</summary>
    private static void SetTimeout(int fd, int option, TimeSpan t)
    {
        long us = t <= TimeSpan.Zero ? 0 : Math.Max(1000, (long)Math.Min(int.MaxValue, t.TotalMilliseconds) * 1000);
        long* tv = stackalloc long[2];
        tv[0] = us / 1_000_000;
        tv[1] = us % 1_000_000;
        Libc.setsockopt(fd, Libc.SOL_SOCKET, option, (int*)tv, 16);
    }

    /// <summary>The words the .NET Socket version printed for an errno (its SocketError, as SocketBinder.Describe).</summary>
    internal static string Describe(int errno) => errno switch
    {
        Libc.EACCES or Libc.EPERM => "permission denied",
        Libc.EADDRINUSE => "address already in use",
        Libc.ENOENT => "no such file or directory",
        Libc.ECONNREFUSED => "ConnectionRefused",
        Libc.ECONNRESET => "ConnectionReset",
        Libc.ECONNABORTED => "ConnectionAborted",
        Libc.EPIPE => "Shutdown",
        Libc.ETIMEDOUT => "TimedOut",
        Libc.ENOTSOCK => "NotSocket",
        Libc.EPROTOTYPE => "ProtocolType",
        Libc.ENOTCONN => "NotConnected",
        _ => Libc.StrError(errno),
    };

    public void Dispose()
    {
        if (_fd >= 0) Libc.close(_fd);
        _fd = -1;
    }
}
