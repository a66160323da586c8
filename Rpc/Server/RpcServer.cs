using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text.Json;
using Supervice.Core.Native;
using Supervice.Rpc.Messages;
using Supervice.Rpc.Wire;
using Supervice.Rpc.Http;
using Supervice.Rpc.XmlRpc;

namespace Supervice.Rpc.Server;

/// <summary>The daemon's control socket. One request per connection (read one frame, write one reply,
/// close), except a following tail, which streams frames until the client closes. Peers are checked with
/// SO_PEERCRED; a client has <see cref="RpcServerOptions.RequestTimeout"/> to send its request; over
/// <see cref="RpcServerOptions.MaxConnections"/> a new connection gets a short grace to send a complete request and
/// is served if it does, else answered TOO_MANY_CONNECTIONS and closed (so silent connections cannot starve ctl;
/// past twice the cap, refused at once: a flood then costs nothing and a script retries). A peer that SO_PEERCRED
/// refuses is answered and closed in the accept loop itself, before it is counted: it never holds a slot, and its
/// refusal is logged at most once per <see cref="RpcServerOptions.RefusalLogInterval"/> per uid. Out of file
/// descriptors (EMFILE/ENFILE), the loop backs off instead of spinning and sheds one pending connection at a time
/// with a descriptor kept in reserve, so clients get an answer instead of hanging in the backlog.
/// <see cref="Start"/> binds synchronously (throws <see cref="RpcServerException"/>), then serves in the
/// background; <see cref="Dispose"/> stops, closes every connection and removes the socket file.</summary>
public sealed class RpcServer(string socketPath, int socketMode, IRpcBackend backend, RpcServerOptions? options = null) : IDisposable
{
    private readonly RpcServerOptions _options = options ?? new RpcServerOptions();
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<Socket, byte> _connections = new();
    private readonly uint _selfUid = Libc.geteuid();
    private Socket? _listener, _tcpListener;
    private (ulong Device, ulong Inode) _node;
    private Task _acceptLoop = Task.CompletedTask, _tcpAcceptLoop = Task.CompletedTask;
    private int _active, _overflow;
    private int _reserveFd = -1;
    private readonly Dictionary<uint, (long NextLogAt, int Suppressed)> _refusals = [];
    private int _acceptFailures;
    private long _nextAcceptLogAt, _nextBusyLogAt;
    private int _busySuppressed;
    private TimeSpan _acceptBackoff = MinAcceptBackoff;
    private static readonly TimeSpan MinAcceptBackoff = TimeSpan.FromMilliseconds(10), MaxAcceptBackoff = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan OverflowGrace = TimeSpan.FromMilliseconds(250);
    private readonly XmlRpcDispatcher _xmlrpc = new(backend, (options ?? new RpcServerOptions()).Log);
    private readonly AuthFailureLog _authLog = new((options ?? new RpcServerOptions()).Http.AuthLogInterval, (options ?? new RpcServerOptions()).Log);
    private string TooManyMessage => $"Too many connections (max {_options.MaxConnections})";

    public string SocketPath => socketPath;

    /// <summary>Connections being served now (for tests and status).</summary>
    public int ActiveConnections => Volatile.Read(ref _active);

    public void Start()
    {
        if (_listener is not null) throw new InvalidOperationException("RpcServer already started");
        var bound = SocketBinder.Bind(socketPath, socketMode, _options.ProbeTimeout, _options.Log, _options.SocketOwner);
        (_listener, _node) = (bound.Listener, (bound.Device, bound.Inode));
        _reserveFd = Libc.OpenReserveFd();
        if (_options.Inet is { } inet)
        {
            try { _tcpListener = TcpBinder.Listen(inet); }
            catch (RpcServerException) { Dispose(); throw; }
        }
        _acceptLoop = Task.Run(() => AcceptLoopAsync(_listener, tcp: false));
        if (_tcpListener is not null) _tcpAcceptLoop = Task.Run(() => AcceptLoopAsync(_tcpListener, tcp: true));
    }

    /// <summary>The TCP address of `[inet_http_server]` once listening (port 0 in the config: the one chosen).</summary>
    public System.Net.EndPoint? TcpEndPoint => _tcpListener?.LocalEndPoint;

    /// <summary>tcp: `[inet_http_server]` — HTTP only, no peer credentials (Basic auth instead), same connection cap.</summary>
    private async Task AcceptLoopAsync(Socket listener, bool tcp)
    {
        var ct = _stop.Token;
        while (!ct.IsCancellationRequested)
        {
            Socket client;
            try { client = await listener.AcceptAsync(ct).ConfigureAwait(false); }
            catch (OperationCanceledException) { return; }
            catch (ObjectDisposedException) { return; }
            catch (SocketException e)
            {
                try { await AcceptFailedAsync(listener, e, ct).ConfigureAwait(false); }
                catch (OperationCanceledException) { return; }
                continue;
            }
            AcceptWorked();
            if (!tcp && !Admit(client)) continue;

            if (Interlocked.Increment(ref _active) > _options.MaxConnections)
            {
                Interlocked.Decrement(ref _active);
                if (Interlocked.Increment(ref _overflow) > _options.MaxConnections)
                {
                    Interlocked.Decrement(ref _overflow);
                    Refuse(client, RpcErrorCode.TooManyConnections, $"Too many connections (max {_options.MaxConnections})");
                    continue;
                }
                _connections[client] = 0;
                _ = Task.Run(() => ServeAsync(client, overflow: true, tcp));
                continue;
            }
            _connections[client] = 0;
            _ = Task.Run(() => ServeAsync(client, overflow: false, tcp));
        }
    }

    /// <summary>overflow: accepted over the cap. Silent connections must not starve a real client, so one over the
    /// cap still gets a short grace to deliver a complete one-shot request (ctl sends it right after connecting);
    /// a connection that stays silent, or asks to stream, is answered TOO_MANY_CONNECTIONS.</summary>
    private async Task ServeAsync(Socket client, bool overflow, bool tcp)
    {
        try
        {
            if (tcp)
            {
                // The address without the port: the auth-failure log is per client address, not per connection.
                var peer = client.RemoteEndPoint is System.Net.IPEndPoint ip ? ip.Address.ToString() : "a TCP client";
                await ServeHttpAsync(client, overflow, peer).ConfigureAwait(false);
                return;
            }
            var (payload, http) = await ReadRequestAsync(client, overflow).ConfigureAwait(false);
            if (http) { await ServeHttpAsync(client, overflow, null).ConfigureAwait(false); return; }
            if (payload is null) return;
            var parsed = RequestParser.Parse(payload);
            if (parsed.Request is not { } request) { await SendAsync(client, parsed.Error!, _stop.Token).ConfigureAwait(false); return; }
            if (overflow && request.IsStreaming) { Refuse(client, RpcErrorCode.TooManyConnections, TooManyMessage); return; }
            if (request.IsStreaming) await StreamAsync(client, request).ConfigureAwait(false);
            else await SendAsync(client, await CallBackendAsync(request).ConfigureAwait(false), _stop.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            Log(false, $"RPC connection ended: {e.GetType().Name}");
        }
        finally
        {
            _connections.TryRemove(client, out _);
            client.Dispose();
            Interlocked.Decrement(ref overflow ? ref _overflow : ref _active);
        }
    }

    /// <summary>One complete frame within the request timeout; null (connection to be closed) otherwise. A connection
    /// whose first byte is an ASCII letter speaks HTTP (README: HTTP and XML-RPC: `GET `, `POST `, `HEAD `; a frame's first byte is
    /// the high byte of a length ≤ 1 MiB, so never a letter): then nothing is consumed and `http` is true.</summary>
    private async Task<(byte[]? Payload, bool Http)> ReadRequestAsync(Socket client, bool overflow)
    {
        if (BufferedRequest.Take(client) is { } buffered) return buffered;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        using var timer = CancelAfter(deadline, overflow ? OverflowGrace : _options.RequestTimeout);
        await using var stream = new NetworkStream(client, ownsSocket: false);
        FrameRead frame;
        try
        {
            var first = new byte[1];
            if (await client.ReceiveAsync(first, SocketFlags.Peek, deadline.Token).ConfigureAwait(false) == 1 && char.IsAsciiLetter((char)first[0]))
                return (null, true);
            frame = await Framing.ReadAsync(stream, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!_stop.IsCancellationRequested && overflow)
        {
            Refuse(client, RpcErrorCode.TooManyConnections, TooManyMessage);
            return (null, false);
        }
        catch (OperationCanceledException) when (!_stop.IsCancellationRequested)
        {
            Log(false, "RPC client sent no complete request in time; disconnected");
            TrySend(client, RpcReply.Error(RpcErrorCode.Timeout, $"No complete request within {_options.RequestTimeout.TotalSeconds:0.#} s"));
            return (null, false);
        }
        if (frame.IsTooLarge)
        {
            await SendAsync(client, RpcReply.Error(RpcErrorCode.InternalError, Framing.TooLargeMessage(frame.Length)), _stop.Token).ConfigureAwait(false);
            return (null, false);
        }
        if (frame.IsClosed) Log(false, "RPC client closed before sending a whole request");
        return (frame.Payload, false);
    }

    /// <summary>HTTP on this connection (the unix socket, or TCP for `[inet_http_server]`, where Basic auth replaces
    /// peer credentials). Over the cap: 503 and close.</summary>
    private async Task ServeHttpAsync(Socket client, bool overflow, string? tcpPeer)
    {
        if (overflow)
        {
            try { client.Blocking = false; client.Send(HttpResponse.Error(503, TooManyMessage)); } catch (SocketException) { }
            return;
        }
        var http = _options.Http with { Log = _options.Http.Log ?? _options.Log, Schedule = _options.Http.Schedule ?? _options.Schedule };
        http = http with { Auth = tcpPeer is not null && _options.Inet is { Username: { } user, Password: { } password } ? new BasicAuth(user, password) : null };
        await new HttpConnection(client, backend, _xmlrpc, http, _authLog, tcpPeer ?? "the unix socket").ServeAsync(_stop.Token).ConfigureAwait(false);
    }

    /// <summary>SO_PEERCRED, checked before the connection counts: a refused peer gets PERMISSION_DENIED and is closed
    /// here and now (a hostile user's connections must cost a slot nothing, nor an fd beyond this call).</summary>
    private bool Admit(Socket client)
    {
        PeerCredentials peer;
        try { peer = PeerCredentials.Of(client); }
        catch (SocketException) { client.Dispose(); return false; }
        if (peer.IsAllowed(_selfUid, _options.AllowedGid)) return true;
        LogRefusal(peer);
        TrySend(client, RpcReply.Error(RpcErrorCode.PermissionDenied, "Permission denied"));
        DiscardQueued(client);
        client.Dispose();
        return false;
    }

    /// <summary>Reads (without waiting) what the peer already sent, so that closing is a clean end of file and the
    /// peer reads our answer (a close over unread data makes the peer's next read fail with ECONNRESET instead).</summary>
    private static void DiscardQueued(Socket client)
    {
        Span<byte> sink = stackalloc byte[4096];
        try
        {
            for (int total = 0; total < 64 * 1024;)
            {
                int n = client.Receive(sink, SocketFlags.None, out var error);
                if (n <= 0 || error != SocketError.Success) return;
                total += n;
            }
        }
        catch (ObjectDisposedException) { }
    }

    /// <summary>One line per uid per interval; the next one says how many were refused in between.</summary>
    private void LogRefusal(PeerCredentials peer)
    {
        var now = Environment.TickCount64;
        var interval = (long)_options.RefusalLogInterval.TotalMilliseconds;
        if (_refusals.TryGetValue(peer.Uid, out var last) && now < last.NextLogAt)
        {
            _refusals[peer.Uid] = (last.NextLogAt, last.Suppressed + 1);
            return;
        }
        if (_refusals.Count >= 4096) foreach (var (uid, r) in _refusals.ToArray()) if (now >= r.NextLogAt) _refusals.Remove(uid);
        _refusals[peer.Uid] = (now + interval, 0);
        var more = last.Suppressed > 0 ? $"; {last.Suppressed} more refused since the last report" : "";
        Log(true, $"RPC connection refused: uid {peer.Uid} (pid {peer.Pid}) is not allowed{more} (logged at most once {Every} per uid)");
    }

    /// <summary>accept() failed. Out of descriptors the pending connection stays in the backlog and the next accept
    /// fails at once: so never retry at once. Shed one pending connection with the reserve descriptor (the client
    /// reads why), then wait, longer each time up to a second, and log once a minute.</summary>
    private async Task AcceptFailedAsync(Socket listener, SocketException e, CancellationToken ct)
    {
        bool outOfFds = e.SocketErrorCode == SocketError.TooManyOpenSockets || e.NativeErrorCode is Libc.EMFILE or Libc.ENFILE;
        _acceptFailures++;
        var now = Environment.TickCount64;
        if (now >= _nextAcceptLogAt)
        {
            _nextAcceptLogAt = now + (long)_options.RefusalLogInterval.TotalMilliseconds;
            var why = outOfFds ? "too many open files; pending connections are answered with an error until descriptors are free" : SocketBinder.Describe(e);
            Log(true, $"RPC accept failed: {why} (logged at most once {Every})");
        }
        // Having shed a connection is progress: the next one may wait behind it. Otherwise wait longer each time.
        bool shed = outOfFds && ShedOnePending(listener);
        await Task.Delay(shed ? MinAcceptBackoff : _acceptBackoff, ct).ConfigureAwait(false);
        _acceptBackoff = shed ? MinAcceptBackoff : TimeSpan.FromTicks(Math.Min(MaxAcceptBackoff.Ticks, _acceptBackoff.Ticks * 2));
    }

    private string Every => _options.RefusalLogInterval == TimeSpan.FromMinutes(1)
        ? "a minute" : $"per {_options.RefusalLogInterval.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)} s";

    private void AcceptWorked()
    {
        if (_acceptFailures == 0) return;
        Log(true, $"RPC accept works again (after {_acceptFailures} failed attempts)");
        _acceptFailures = 0;
        _nextAcceptLogAt = 0;
        _acceptBackoff = MinAcceptBackoff;
        if (_reserveFd < 0) _reserveFd = Libc.OpenReserveFd();
    }

    /// <summary>Frees the reserve descriptor, accepts one pending connection on it, answers and closes it, and takes
    /// the reserve back; false when there was no reserve or nothing pending.</summary>
    private unsafe bool ShedOnePending(Socket listener)
    {
        if (_reserveFd < 0) { _reserveFd = Libc.OpenReserveFd(); return false; }
        Libc.close(_reserveFd);
        int fd = Libc.accept4((int)listener.Handle, 0, 0, Libc.SOCK_NONBLOCK | Libc.SOCK_CLOEXEC);
        if (fd >= 0)
        {
            fixed (byte* p = OutOfFdsFrame) Libc.send(fd, p, OutOfFdsFrame.Length, Libc.MSG_DONTWAIT | Libc.MSG_NOSIGNAL);
            Libc.close(fd);
        }
        _reserveFd = Libc.OpenReserveFd();
        return fd >= 0;
    }

    private static readonly byte[] OutOfFdsFrame =
        Serialize(RpcReply.Error(RpcErrorCode.TooManyConnections, "The daemon is out of file descriptors; try again later"));

    private IDisposable? CancelAfter(CancellationTokenSource cts, TimeSpan after)
    {
        if (_options.Schedule is not { } schedule) { cts.CancelAfter(after); return null; }
        return schedule(after, () => { try { cts.Cancel(); } catch (ObjectDisposedException) { } });
    }

    private async ValueTask<RpcReply> CallBackendAsync(RpcRequest request)
    {
        try { return await backend.HandleAsync(request, _stop.Token).ConfigureAwait(false); }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested) { throw; }
        catch (Exception e)
        {
            Log(true, $"RPC {RpcCommandNames.ToWire(request.Command)} failed: {e}");
            return RpcReply.Error(RpcErrorCode.InternalError, "Internal error");
        }
    }

    /// <summary>Frames until the backend ends the sequence or the client goes away (a read returning
    /// end-of-file is how we learn it; the client sends nothing after its request).</summary>
    private async Task StreamAsync(Socket client, RpcRequest request)
    {
        using var gone = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        var watcher = WatchForCloseAsync(client, gone);
        try
        {
            await foreach (var reply in backend.StreamAsync(request, gone.Token).ConfigureAwait(false))
            {
                await SendAsync(client, reply, gone.Token).ConfigureAwait(false);
                if (!reply.IsOk) break;
            }
        }
        catch (Exception e) when (e is not (OperationCanceledException or SocketException or ObjectDisposedException))
        {
            Log(true, $"RPC {RpcCommandNames.ToWire(request.Command)} stream failed: {e}");
            TrySend(client, RpcReply.Error(RpcErrorCode.InternalError, "Internal error"));
        }
        finally
        {
            await gone.CancelAsync().ConfigureAwait(false);
            try { await watcher.ConfigureAwait(false); } catch (Exception) { /* the watcher only signals */ }
        }
    }

    private static async Task WatchForCloseAsync(Socket client, CancellationTokenSource gone)
    {
        var one = new byte[1];
        try { while (await client.ReceiveAsync(one, SocketFlags.None, gone.Token).ConfigureAwait(false) > 0) { } }
        finally { await gone.CancelAsync().ConfigureAwait(false); }
    }

    public static byte[] Serialize(RpcReply reply)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(reply, RpcJsonContext.Default.RpcReply);
        if (json.Length > Framing.MaxPayload)
            json = JsonSerializer.SerializeToUtf8Bytes(
                RpcReply.Error(RpcErrorCode.InternalError, $"Response too large: {json.Length} bytes (max {Framing.MaxPayload})"),
                RpcJsonContext.Default.RpcReply);
        return Framing.Encode(json);
    }

    private static async ValueTask SendAsync(Socket client, RpcReply reply, CancellationToken ct)
    {
        var frame = Serialize(reply);
        for (int sent = 0; sent < frame.Length;)
            sent += await client.SendAsync(frame.AsMemory(sent), SocketFlags.None, ct).ConfigureAwait(false);
    }

    /// <summary>Best effort, never blocks: an error frame is small enough for an empty socket buffer.</summary>
    private static void TrySend(Socket client, RpcReply reply)
    {
        try { client.Blocking = false; client.Send(Serialize(reply)); }
        catch (SocketException) { }
        catch (ObjectDisposedException) { }
    }

    /// <summary>Over the cap: answered and closed; logged at most once per interval (a flood must not flood the log).</summary>
    private void Refuse(Socket client, string code, string message)
    {
        var now = Environment.TickCount64;
        var next = Interlocked.Read(ref _nextBusyLogAt);
        if (now >= next && Interlocked.CompareExchange(ref _nextBusyLogAt, now + (long)_options.RefusalLogInterval.TotalMilliseconds, next) == next)
        {
            var more = Interlocked.Exchange(ref _busySuppressed, 0);
            Log(true, $"RPC connection refused: {message}{(more > 0 ? $"; {more} more refused since the last report" : "")} (logged at most once {Every})");
        }
        else Interlocked.Increment(ref _busySuppressed);
        TrySend(client, RpcReply.Error(code, message));
        client.Dispose();
    }

    private void Log(bool warning, string text) => _options.Log?.Invoke(warning, text);

    public void Dispose()
    {
        if (_stop.IsCancellationRequested) return;
        _stop.Cancel();
        if (_listener is not null)
        {
            _listener.Dispose();
            // Only our own node: a file put at the path since (another daemon's socket, anything) is left alone.
            if (Libc.LStat(socketPath) is { } now && (now.Device, now.Inode) == _node)
                try { File.Delete(socketPath); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
        _tcpListener?.Dispose();
        foreach (var c in _connections.Keys) c.Dispose();
        try { Task.WaitAll([_acceptLoop, _tcpAcceptLoop], TimeSpan.FromSeconds(2)); } catch (AggregateException) { }
        if (_reserveFd >= 0) { Libc.close(_reserveFd); _reserveFd = -1; }
    }
}
