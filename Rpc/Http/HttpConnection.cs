using System.Net.Sockets;
using System.Text;
using Supervice.Rpc.Messages;
using Supervice.Rpc.Server;
using Supervice.Rpc.Web;
using Supervice.Rpc.XmlRpc;

namespace Supervice.Rpc.Http;

/// <summary>One HTTP connection: requests one after another (keep-alive), each complete within the request timeout,
/// idle connections closed after the idle timeout. Routes: `POST /RPC2` (XML-RPC), `GET /logtail/NAME[/stdout|/stderr]`
/// and `GET /mainlogtail` (chunked, streaming until the client goes). A streaming response is never idle-closed and
/// sends nothing while there is nothing to send. Errors answer a status and a short text of ours.</summary>
public sealed class HttpConnection(Socket client, IRpcBackend backend, XmlRpcDispatcher xmlrpc, HttpServerOptions options, AuthFailureLog authLog, string peer)
{
    private byte[] _buffer = new byte[4096];
    private int _filled;

    public async Task ServeAsync(CancellationToken stop)
    {
        bool first = true;
        while (!stop.IsCancellationRequested)
        {
            var parse = await ReadRequestAsync(first, stop).ConfigureAwait(false);
            first = false;
            if (parse is not { } p) return;
            if (p.Request is not { } request)
            {
                await SendAsync(HttpResponse.Error(p.ErrorStatus, p.Error!), stop).ConfigureAwait(false);
                return;
            }
            Consume(p.Consumed);
            if (options.Auth is { } auth && !auth.Accepts(request.Header("authorization")))
            {
                authLog.Failed(peer);
                await SendAsync(HttpResponse.Error(401, "credentials required", request.KeepAlive, "WWW-Authenticate: Basic realm=\"default\"\r\n"), stop).ConfigureAwait(false);
                if (!request.KeepAlive) return;
                continue;
            }
            if (!await RouteAsync(request, stop).ConfigureAwait(false) || !request.KeepAlive) return;
        }
    }

    /// <summary>One request, or null when the peer closed or took too long (then it was answered 408, if it had begun).</summary>
    private async Task<HttpParse?> ReadRequestAsync(bool first, CancellationToken stop)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var timer = Schedule(deadline, first || _filled > 0 ? options.RequestTimeout : options.IdleTimeout);
        try
        {
            while (true)
            {
                if (_filled > 0)
                {
                    var parse = HttpRequestReader.Parse(_buffer.AsSpan(0, _filled));
                    if (!parse.NeedMore) return parse;
                }
                if (_filled == _buffer.Length)
                {
                    if (_buffer.Length >= HttpRequestReader.MaxHeadBytes + HttpRequestReader.MaxBodyBytes + 64 * 1024) return HttpParse.Fail(413, "request too large");
                    Array.Resize(ref _buffer, _buffer.Length * 2);
                }
                bool wasEmpty = _filled == 0;
                int n;
                try { n = await client.ReceiveAsync(_buffer.AsMemory(_filled), SocketFlags.None, deadline.Token).ConfigureAwait(false); }
                catch (OperationCanceledException) when (!stop.IsCancellationRequested)
                {
                    if (_filled > 0 || first) TrySend(HttpResponse.Error(408, $"no complete request within {options.RequestTimeout.TotalSeconds:0.#} s"));
                    return null;
                }
                if (n <= 0) return null;
                _filled += n;
                if (wasEmpty && !first)
                {
                    // The request began: from now on it has the request timeout, not the idle one.
                    timer?.Dispose();
                    timer = Schedule(deadline, options.RequestTimeout);
                }
            }
        }
        finally { timer?.Dispose(); }
    }

    private IDisposable? Schedule(CancellationTokenSource cts, TimeSpan after)
    {
        if (options.Schedule is not { } schedule) { cts.CancelAfter(after); return null; }
        return schedule(after, () => { try { cts.Cancel(); } catch (ObjectDisposedException) { } });
    }

    private void Consume(int n)
    {
        Buffer.BlockCopy(_buffer, n, _buffer, 0, _filled - n);
        _filled -= n;
    }

    /// <summary>False when the connection must close after this response.</summary>
    private async Task<bool> RouteAsync(HttpRequest request, CancellationToken stop)
    {
        var path = request.Path;
        bool keep = request.KeepAlive;
        if (path.StartsWith("/RPC2", StringComparison.Ordinal))
        {
            if (request.Method != "POST") { await SendAsync(HttpResponse.Error(405, "XML-RPC takes POST", keep, "Allow: POST\r\n"), stop).ConfigureAwait(false); return keep; }
            var call = XmlRpcReader.Parse(request.Body, out var error);
            if (call is null)
            {
                options.Log?.Invoke(false, $"XML-RPC request refused: {error}");
                await SendAsync(HttpResponse.Error(400, error!, keep), stop).ConfigureAwait(false);
                return keep;
            }
            var value = await xmlrpc.CallAsync(call.Method, call.Params, stop).ConfigureAwait(false);
            using var body = XmlRpcWriter.Write(value);
            await SendAsync(HttpResponse.Head(200, "text/xml", body.Length, keep), stop).ConfigureAwait(false);
            await SendAsync(body.Memory, stop).ConfigureAwait(false);
            return keep;
        }
        if (path == "/mainlogtail" || path.StartsWith("/logtail/", StringComparison.Ordinal))
        {
            if (request.Method == "POST") { await SendAsync(HttpResponse.Error(405, "use GET", keep, "Allow: GET, HEAD\r\n"), stop).ConfigureAwait(false); return keep; }
            return await LogtailAsync(request, path, stop).ConfigureAwait(false);
        }
        return await new WebRoutes(this, backend).RouteAsync(request, stop).ConfigureAwait(false);
    }

    private async Task<bool> LogtailAsync(HttpRequest request, string path, CancellationToken stop)
    {
        RpcRequest tail;
        if (path == "/mainlogtail") tail = new RpcRequest(RpcCommand.MainTail);
        else
        {
            var rest = Uri.UnescapeDataString(path["/logtail/".Length..]);
            var stream = TailStream.Stdout;
            int slash = rest.LastIndexOf('/');
            if (slash >= 0)
            {
                var channel = rest[(slash + 1)..];
                if (channel is not ("stdout" or "stderr")) { await SendAsync(HttpResponse.Error(404, "no such channel"), stop).ConfigureAwait(false); return false; }
                stream = channel == "stderr" ? TailStream.Stderr : TailStream.Stdout;
                rest = rest[..slash];
            }
            var name = await xmlrpc.ResolveProcessAsync(rest, stop).ConfigureAwait(false);
            if (name is null) { await SendAsync(HttpResponse.Error(404, "no such process"), stop).ConfigureAwait(false); return false; }
            tail = new RpcRequest(RpcCommand.Tail) { Names = [name], Stream = stream };
        }
        if (request.Method == "HEAD")
        {
            await SendAsync(HttpResponse.Build(200, "text/plain;charset=utf-8", [], request.KeepAlive, headOnly: true), stop).ConfigureAwait(false);
            return request.KeepAlive;
        }
        await StreamAsync(tail with { Follow = true, Offset = -options.LogtailBytes }, stop).ConfigureAwait(false);
        return false;
    }

    /// <summary>A following tail as a chunked text/plain body, until the client goes.</summary>
    internal async Task StreamAsync(RpcRequest tail, CancellationToken stop)
    {
        using var gone = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var watcher = WatchForCloseAsync(gone);
        bool headSent = false;
        try
        {
            await foreach (var reply in backend.StreamAsync(tail, gone.Token).ConfigureAwait(false))
            {
                if (!reply.IsOk)
                {
                    if (!headSent) await SendAsync(HttpResponse.Error(404, reply.Message ?? "not found"), gone.Token).ConfigureAwait(false);
                    break;
                }
                if (!headSent) { await SendAsync(HttpResponse.ChunkedHead("text/plain;charset=utf-8"), gone.Token).ConfigureAwait(false); headSent = true; }
                var data = Encoding.UTF8.GetBytes(reply.Data ?? "");
                if (data.Length > 0) await SendAsync(HttpResponse.Chunk(data), gone.Token).ConfigureAwait(false);
            }
            if (headSent) await SendAsync(HttpResponse.LastChunk, gone.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException) { }
        finally
        {
            await gone.CancelAsync().ConfigureAwait(false);
            try { await watcher.ConfigureAwait(false); } catch (Exception) { /* the watcher only signals */ }
        }
    }

    internal async Task WatchForCloseAsync(CancellationTokenSource gone)
    {
        var sink = new byte[512];
        try { while (await client.ReceiveAsync(sink, SocketFlags.None, gone.Token).ConfigureAwait(false) > 0) { } }
        finally { await gone.CancelAsync().ConfigureAwait(false); }
    }

    internal async Task SendAsync(ReadOnlyMemory<byte> bytes, CancellationToken ct)
    {
        for (int sent = 0; sent < bytes.Length;)
            sent += await client.SendAsync(bytes[sent..], SocketFlags.None, ct).ConfigureAwait(false);
    }

    private void TrySend(byte[] bytes)
    {
        try { client.Blocking = false; client.Send(bytes); }
        catch (SocketException) { }
        catch (ObjectDisposedException) { }
    }
}
