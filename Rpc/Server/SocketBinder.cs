using System.Net.Sockets;
using System.Text;
using Supervice.Core.Native;
using Supervice.Rpc.Wire;

namespace Supervice.Rpc.Server;

/// <summary>Creates the listening socket as the original does: probe an existing file (a live daemon or an
/// unverifiable file → refuse; a stale one → unlink), then bind under umask 0177 so the node never has a
/// wider mode than 0600, then chmod to the configured mode.</summary>
public static class SocketBinder
{
    public const int MaxPathBytes = 107;

    public static Socket Bind(string path, int mode, TimeSpan probeTimeout, Action<bool, string>? log)
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
            var old = Libc.umask(Convert.ToInt32("177", 8));
            try { listener.Bind(new UnixDomainSocketEndPoint(path)); }
            finally { Libc.umask(old); }
            File.SetUnixFileMode(path, (UnixFileMode)mode);
            listener.Listen(512);
            return listener;
        }
        catch (Exception e) when (e is SocketException or IOException or UnauthorizedAccessException)
        {
            listener.Dispose();
            throw new RpcServerException($"Cannot listen on {path}: {Describe(e)}");
        }
    }

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
