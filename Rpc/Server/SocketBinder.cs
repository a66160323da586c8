using System.Net.Sockets;
using System.Text;
using Supervice.Core.Native;
using Supervice.Rpc.Wire;

namespace Supervice.Rpc.Server;

/// <summary>Creates the listening socket as 0.4.1 did: probe an existing file (a live daemon or an
/// unverifiable file → refuse; a stale one → unlink), then bind under the umask that gives the node exactly the
/// configured mode. The owner is applied through a no-follow descriptor of the node, once lstat has shown it is the
/// socket just bound (never chmod/chown by path: a symlink swapped in would hand root's change to any file), and
/// only then listen: nobody can connect before mode and owner are final (README: Security).</summary>
public static class SocketBinder
{
    public const int MaxPathBytes = 107;

    /// <summary>The bound socket and the inode of its node (for removing only our own file at shutdown).</summary>
    public readonly record struct Bound(Socket Listener, ulong Device, ulong Inode);

    public static Bound Bind(string path, int mode, TimeSpan probeTimeout, Action<bool, string>? log, (uint Uid, uint Gid)? owner = null)
    {
        var bytes = Encoding.UTF8.GetByteCount(path);
        if (bytes > MaxPathBytes)
            throw new RpcServerException($"Socket path is too long ({bytes} bytes, the limit is {MaxPathBytes}): {path}");
        WarnIfDirectoryWorldWritable(path, log);
        if (Exists(path)) ReplaceStale(path, probeTimeout, log);

        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            // umask is process-wide: this runs once, at daemon startup, before any other thread creates files.
            var old = Libc.umask(Libc.ACCESSPERMS & ~mode);
            try { listener.Bind(new UnixDomainSocketEndPoint(path)); }
            finally { Libc.umask(old); }
            var node = Libc.LStat(path);
            if (node is not { Type: Libc.S_IFSOCK } socketNode)
                throw new RpcServerException($"Cannot listen on {path}: after bind it is {(node is { } n ? Libc.TypeName(n.Type) : "gone")}, not our socket");
            if ((socketNode.Permissions & ~mode) != 0)
                throw new RpcServerException($"Cannot listen on {path}: it was created with mode {Octal(socketNode.Permissions)}, wider than socket_mode {Octal(mode)}");
            if (owner is { } o) Chown(path, socketNode, o.Uid, o.Gid);
            listener.Listen(512);
            return new Bound(listener, socketNode.Device, socketNode.Inode);
        }
        catch (Exception e) when (e is SocketException or IOException or UnauthorizedAccessException or RpcServerException)
        {
            listener.Dispose();
            if (e is RpcServerException) throw;
            throw new RpcServerException($"Cannot listen on {path}: {Describe(e)}");
        }
    }

    /// <summary>fchownat on an O_PATH|O_NOFOLLOW descriptor of the node, after checking that it is still the socket
    /// lstat saw right after bind.</summary>
    private static unsafe void Chown(string path, Libc.FileInfo socketNode, uint uid, uint gid)
    {
        int fd;
        using (var arena = new NativeArena()) fd = Libc.open(arena.String(path), Libc.O_PATH | Libc.O_NOFOLLOW | Libc.O_CLOEXEC, 0);
        if (fd < 0) throw new RpcServerException($"Cannot set the owner of socket {path}: {Libc.StrError(Libc.Errno)}");
        try
        {
            if (Libc.StatFd(fd) is not { Type: Libc.S_IFSOCK } seen || seen.Inode != socketNode.Inode || seen.Device != socketNode.Device)
                throw new RpcServerException($"Cannot set the owner of socket {path}: the path no longer names the socket just bound");
            byte empty = 0;
            if (Libc.fchownat(fd, &empty, uid, gid, Libc.AT_EMPTY_PATH) != 0)
                throw new RpcServerException($"Cannot set the owner of socket {path} to {uid}:{gid}: {Libc.StrError(Libc.Errno)}");
        }
        finally { Libc.close(fd); }
    }

    private static string Octal(int mode) => Convert.ToString(mode, 8).PadLeft(4, '0');

    public enum ProbeResult { Stale, Alive, Unknown }

    /// <summary>Connect (bounded) → refused/missing/not a socket = stale; connected and a framed reply to
    /// `status` within the bound = alive; anything else = unknown.</summary>
    public static ProbeResult Probe(string path, TimeSpan timeout)
    {
        using var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            var connect = s.ConnectAsync(new UnixDomainSocketEndPoint(path));
            if (!connect.Wait(timeout)) return ProbeResult.Unknown;
        }
        catch (AggregateException ae) when (ae.InnerException is SocketException se)
        {
            return se.SocketErrorCode is SocketError.ConnectionRefused or SocketError.AddressNotAvailable
                   || se.NativeErrorCode is 2 or 88 or 111 // ENOENT, ENOTSOCK, ECONNREFUSED
                ? ProbeResult.Stale : ProbeResult.Unknown;
        }
        try
        {
            s.SendTimeout = s.ReceiveTimeout = (int)Math.Max(1, timeout.TotalMilliseconds);
            s.Send(Framing.Encode("{\"command\": \"status\"}"u8));
            return Framing.Read(s).Payload is not null ? ProbeResult.Alive : ProbeResult.Unknown;
        }
        catch (SocketException) { return ProbeResult.Unknown; }
    }

    private static void ReplaceStale(string path, TimeSpan timeout, Action<bool, string>? log)
    {
        switch (Probe(path, timeout))
        {
            case ProbeResult.Alive:
                throw new RpcServerException($"Another supervice instance is already listening on {path}");
            case ProbeResult.Unknown:
                throw new RpcServerException($"Socket {path} exists but could not be verified as stale; refusing to replace it. Remove it manually if no supervice instance is running.");
        }
        try { File.Delete(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RpcServerException($"Cannot remove stale socket {path}: {Describe(e)}");
        }
        log?.Invoke(false, $"Removed stale socket {path}");
    }

    private static bool Exists(string path)
    {
        try { return File.Exists(path) || Directory.Exists(path) || new FileInfo(path).LinkTarget is not null; }
        catch (IOException) { return false; }
    }

    private static void WarnIfDirectoryWorldWritable(string path, Action<bool, string>? log)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is null || !Directory.Exists(dir)) return;
        var mode = File.GetUnixFileMode(dir);
        if ((mode & UnixFileMode.OtherWrite) != 0)
            log?.Invoke(true, $"Socket directory {dir} is world-writable; another local user could pre-create {path} to block startup or impersonate the daemon. Configure 'socket' to a private directory.");
    }

    internal static string Describe(Exception e) => e switch
    {
        SocketException se => se.SocketErrorCode switch
        {
            SocketError.AccessDenied => "permission denied",
            SocketError.AddressAlreadyInUse => "address already in use",
            SocketError.AddressNotAvailable => "no such file or directory",
            _ => se.SocketErrorCode.ToString(),
        },
        UnauthorizedAccessException => "permission denied",
        DirectoryNotFoundException => "no such directory",
        _ => e.Message,
    };
}
