using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text.Json;
using Supervice.Core.Native;
using Supervice.Rpc.Messages;
using Supervice.Rpc.Wire;

namespace Supervice.Rpc.Server;

/// <summary>The daemon's control socket. One request per connection (read one frame, write one reply,
/// close), except a following tail, which streams frames until the client closes. Peers are checked with
/// SO_PEERCRED; a client has <see cref="RpcServerOptions.RequestTimeout"/> to send its request; over
/// <see cref="RpcServerOptions.MaxConnections"/> a new connection gets a short grace to send a complete request and
/// is served if it does, else answered TOO_MANY_CONNECTIONS and closed (so silent connections cannot starve ctl;
/// past twice the cap, refused at once: a flood then costs nothing and a script retries).
/// <see cref="Start"/> binds synchronously (throws <see cref="RpcServerException"/>), then serves in the
/// background; <see cref="Dispose"/> stops, closes every connection and removes the socket file.</summary>
public sealed class RpcServer(string socketPath, int socketMode, IRpcBackend backend, RpcServerOptions? options = null) : IDisposable
{
    private readonly RpcServerOptions _options = options ?? new RpcServerOptions();
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<Socket, byte> _connections = new();
    private readonly uint _selfUid = Libc.geteuid();
    private Socket? _listener;
    private Task _acceptLoop = Task.CompletedTask;
    private int _active, _overflow;
    private static readonly TimeSpan OverflowGrace = TimeSpan.FromMilliseconds(250);
    private string TooManyMessage => $"Too many connections (max {_options.MaxConnections})";

    public string SocketPath => socketPath;

    /// <summary>Connections being served now (for tests and status).</summary>
    public int ActiveConnections => Volatile.Read(ref _active);

    public void Start()
    {
        if (_listener is not null) throw new InvalidOperationException("RpcServer already started");
        _listener = SocketBinder.Bind(socketPath, socketMode, _options.ProbeTimeout, _options.Log);
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    private async Task AcceptLoopAsync()
    {
        var ct = _stop.Token;
        while (!ct.IsCancellationRequested)
        {
            Socket client;
            try { client = await _listener!.AcceptAsync(ct).ConfigureAwait(false); }
            catch (OperationCanceledException) { return; }
            catch (ObjectDisposedException) { return; }
            catch (SocketException e) { Log(true, $"RPC accept failed: {SocketBinder.Describe(e)}"); continue; }

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
                _ = Task.Run(() => ServeAsync(client, overflow: true));
                continue;
            }
            _connections[client] = 0;
            _ = Task.Run(() => ServeAsync(client, overflow: false));
        }
    }

    /// <summary>overflow: accepted over the cap. Silent connections must not starve a real client, so one over the
    /// cap still gets a short grace to deliver a complete one-shot request (ctl sends it right after connecting);
    /// a connection that stays silent, or asks to stream, is answered TOO_MANY_CONNECTIONS.</summary>
    private async Task ServeAsync(Socket client, bool overflow)
    {
        try
        {
            var peer = PeerCredentials.Of(client);
            if (!peer.IsAllowed(_selfUid, _options.AllowedGid))
            {
                Log(true, $"RPC connection refused: uid {peer.Uid} (pid {peer.Pid}) is not allowed");
                await SendAsync(client, RpcReply.Error(RpcErrorCode.PermissionDenied, "Permission denied"), _stop.Token).ConfigureAwait(false);
                await DrainAsync(client).ConfigureAwait(false);
                return;
            }
            var payload = await ReadRequestAsync(client, overflow).ConfigureAwait(false);
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

    /// <summary>One complete frame within the request timeout; null (connection to be closed) otherwise.</summary>
    private async Task<byte[]?> ReadRequestAsync(Socket client, bool overflow)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        using var timer = CancelAfter(deadline, overflow ? OverflowGrace : _options.RequestTimeout);
        await using var stream = new NetworkStream(client, ownsSocket: false);
        FrameRead frame;
        try { frame = await Framing.ReadAsync(stream, deadline.Token).ConfigureAwait(false); }
        catch (OperationCanceledException) when (!_stop.IsCancellationRequested && overflow)
        {
            Refuse(client, RpcErrorCode.TooManyConnections, TooManyMessage);
            return null;
        }
        catch (OperationCanceledException) when (!_stop.IsCancellationRequested)
        {
            Log(false, "RPC client sent no complete request in time; disconnected");
            TrySend(client, RpcReply.Error(RpcErrorCode.Timeout, $"No complete request within {_options.RequestTimeout.TotalSeconds:0.#} s"));
            return null;
        }
        if (frame.IsTooLarge)
        {
            await SendAsync(client, RpcReply.Error(RpcErrorCode.InternalError, Framing.TooLargeMessage(frame.Length)), _stop.Token).ConfigureAwait(false);
            return null;
        }
        if (frame.IsClosed) Log(false, "RPC client closed before sending a whole request");
        return frame.Payload;
    }

    /// <summary>Lets a refused client finish sending (bounded by the request timeout and one frame's size) so
    /// it reads our answer instead of failing its send on a closed socket.</summary>
    private async Task DrainAsync(Socket client)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        using var timer = CancelAfter(deadline, _options.RequestTimeout);
        client.Shutdown(SocketShutdown.Send);
        var sink = new byte[4096];
        long total = 0;
        try
        {
            int n;
            while ((n = await client.ReceiveAsync(sink, SocketFlags.None, deadline.Token).ConfigureAwait(false)) > 0)
                if ((total += n) > Framing.HeaderSize + Framing.MaxPayload) return;
        }
        catch (OperationCanceledException) when (!_stop.IsCancellationRequested) { }
    }

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

    private void Refuse(Socket client, string code, string message)
    {
        Log(true, $"RPC connection refused: {message}");
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
            try { File.Delete(socketPath); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
        foreach (var c in _connections.Keys) c.Dispose();
        try { _acceptLoop.Wait(TimeSpan.FromSeconds(2)); } catch (AggregateException) { }
    }
}
