using System.Text;
using System.Text.Json;
using Supervice.Rpc.Http;
using Supervice.Rpc.Messages;

namespace Supervice.Rpc.Web;

/// <summary>Answers of the web routes: JSON bodies with a status that says what happened, our own short texts for
/// errors (never an exception's), and the log views.</summary>
public sealed partial class WebRoutes
{
    private Task SendAsync(ReadOnlyMemory<byte> bytes, CancellationToken ct) => http.SendAsync(bytes, ct);

    private async Task<bool> MethodAsync(string allowed, HttpRequest request, CancellationToken stop)
    {
        var allow = allowed == "GET" ? "GET, HEAD" : allowed;
        var text = allowed == "POST" ? "this URL acts: use POST with the X-Supervice-Token header" : "use GET";
        await SendAsync(HttpResponse.Error(405, text, request.KeepAlive, $"Allow: {allow}\r\n"), stop).ConfigureAwait(false);
        return request.KeepAlive;
    }

    private async Task<bool> TokenRefusedAsync(HttpRequest request, CancellationToken stop)
    {
        var body = Serialize(RpcReply.Error(RpcErrorCode.PermissionDenied,
            "missing or wrong X-Supervice-Token header (the token is in the dashboard's <meta name=\"supervice-token\"> and at GET /api/v1/token)"));
        return await RawJsonAsync(403, body, request, stop).ConfigureAwait(false);
    }

    private async Task<bool> TextAsync(int status, string text, HttpRequest request, CancellationToken stop)
    {
        await SendAsync(HttpResponse.Build(status, "text/plain; charset=utf-8", Encoding.UTF8.GetBytes(text), request.KeepAlive,
            request.Method == "HEAD", "Cache-Control: no-store\r\n"), stop).ConfigureAwait(false);
        return request.KeepAlive;
    }

    private Task<bool> JsonAsync(RpcReply reply, HttpRequest request, CancellationToken stop)
        => RawJsonAsync(StatusOf(reply), Serialize(reply), request, stop);

    private async Task<bool> RawJsonAsync(int status, string json, HttpRequest request, CancellationToken stop)
    {
        await SendAsync(HttpResponse.Build(status, "application/json", Encoding.UTF8.GetBytes(json + "\n"), request.KeepAlive,
            request.Method == "HEAD", "Cache-Control: no-store\r\n"), stop).ConfigureAwait(false);
        return request.KeepAlive;
    }

    /// <summary>200 ok; 404 a name that matched nothing; 503 shutting down; 500 internal; 409 a command that failed.</summary>
    public static int StatusOf(RpcReply reply) => reply.IsOk ? 200
        : reply.NotFound is { IsDefaultOrEmpty: false } ? 404
        : reply.Code switch { RpcErrorCode.ShuttingDown => 503, RpcErrorCode.InternalError => 500, RpcErrorCode.InvalidRequest => 400, _ => 409 };

    public static string Serialize(RpcReply reply) => JsonSerializer.Serialize(reply, RpcJsonContext.Default.RpcReply);

    private async Task<RpcReply> CallAsync(RpcRequest request, CancellationToken ct)
    {
        try { return await backend.HandleAsync(request, ct).ConfigureAwait(false); }
        catch (OperationCanceledException) { throw; }
        catch (Exception) { return RpcReply.Error(RpcErrorCode.InternalError, "Internal error"); }
    }

    /// <summary>200 while the event loop answers within 5 s.</summary>
    private async Task<bool> HealthzAsync(HttpRequest request, CancellationToken stop)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stop);
        deadline.CancelAfter(HealthTimeout);
        try
        {
            var reply = await backend.HandleAsync(new RpcRequest(RpcCommand.Version), deadline.Token).AsTask().WaitAsync(deadline.Token).ConfigureAwait(false);
            return await TextAsync(reply.IsOk ? 200 : 503, reply.IsOk ? "ok\n" : "event loop error\n", request, stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!stop.IsCancellationRequested)
        {
            return await TextAsync(503, $"the event loop did not answer within {HealthTimeout.TotalSeconds:0} s\n", request, stop).ConfigureAwait(false);
        }
    }

    /// <summary>`?stream=stdout|stderr&amp;lines=N&amp;follow=1`; no name: the daemon log.</summary>
    private async Task<bool> LogAsync(HttpRequest request, IReadOnlyDictionary<string, string> query, string? name, CancellationToken stop)
    {
        var stream = TailStream.Stdout;
        if (query.TryGetValue("stream", out var s))
        {
            if (s is not ("stdout" or "stderr")) return await RawJsonAsync(400, Serialize(RpcReply.Error(RpcErrorCode.InvalidRequest, "stream must be stdout or stderr")), request, stop).ConfigureAwait(false);
            if (s == "stderr") stream = TailStream.Stderr;
        }
        int lines = 100;
        if (query.TryGetValue("lines", out var l) && (!int.TryParse(l, out lines) || lines < 0 || lines > RpcRequest.MaxLines))
            return await RawJsonAsync(400, Serialize(RpcReply.Error(RpcErrorCode.InvalidRequest, $"lines must be an integer from 0 to {RpcRequest.MaxLines}")), request, stop).ConfigureAwait(false);
        var tail = name is null ? new RpcRequest(RpcCommand.MainTail) { Lines = lines } : new RpcRequest(RpcCommand.Tail) { Names = [name], Stream = stream, Lines = lines };
        if (Flag(query, "follow") && request.Method == "GET")
        {
            await http.StreamAsync(tail with { Follow = true }, stop).ConfigureAwait(false);
            return false;
        }
        var reply = await CallAsync(tail, stop).ConfigureAwait(false);
        if (!reply.IsOk) return await JsonAsync(reply, request, stop).ConfigureAwait(false);
        return await TextAsync(200, reply.Data ?? "", request, stop).ConfigureAwait(false);
    }

    public static IReadOnlyDictionary<string, string> Query(string target)
    {
        var q = new Dictionary<string, string>(StringComparer.Ordinal);
        int mark = target.IndexOf('?');
        if (mark < 0) return q;
        foreach (var pair in target[(mark + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = pair.IndexOf('=');
            var key = Uri.UnescapeDataString((eq < 0 ? pair : pair[..eq]).Replace('+', ' '));
            q[key] = eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..].Replace('+', ' '));
        }
        return q;
    }

    private static bool Flag(IReadOnlyDictionary<string, string> q, string key)
        => q.TryGetValue(key, out var v) && v is "" or "1" or "true" or "yes";
}
