using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using Supervice.Rpc.Http;
using Supervice.Rpc.Messages;
using Supervice.Rpc.Metrics;
using Supervice.Rpc.Server;

namespace Supervice.Rpc.Web;

/// <summary>The web routes of README: Web dashboard, JSON API, metrics and probes and §12.4 on the HTTP connection: the dashboard (`GET /`), the JSON API
/// (`/api/v1/...`, the same JSON as `ctl --json`), `/metrics`, `/healthz` and `/readyz`. GETs never act; an action
/// is a POST carrying the daemon's token.</summary>
public sealed partial class WebRoutes(HttpConnection http, IRpcBackend backend)
{
    private static readonly string[] Actions = ["start", "stop", "restart", "signal"];
    private static readonly TimeSpan HealthTimeout = TimeSpan.FromSeconds(5);

    /// <summary>False when the connection must close after this response.</summary>
    public async Task<bool> RouteAsync(HttpRequest request, CancellationToken stop)
    {
        var path = request.Path;
        bool keep = request.KeepAlive;
        bool get = request.Method is "GET" or "HEAD";
        if (path is "/" or "/index.html")
        {
            if (!get) return await MethodAsync("GET", request, stop).ConfigureAwait(false);
            var page = DashboardPage.Render(WebToken.Value);
            await SendAsync(HttpResponse.Build(200, "text/html; charset=utf-8", page, keep, request.Method == "HEAD",
                "Cache-Control: no-store\r\nX-Frame-Options: DENY\r\nContent-Security-Policy: default-src 'self'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; frame-ancestors 'none'\r\n"), stop).ConfigureAwait(false);
            return keep;
        }
        if (path == "/healthz")
        {
            if (!get) return await MethodAsync("GET", request, stop).ConfigureAwait(false);
            return await HealthzAsync(request, stop).ConfigureAwait(false);
        }
        if (path is "/readyz" or "/metrics")
        {
            if (!get) return await MethodAsync("GET", request, stop).ConfigureAwait(false);
            var reply = await CallAsync(new RpcRequest(RpcCommand.Status) { Stats = true }, stop).ConfigureAwait(false);
            if (!reply.IsOk || reply.Daemon is null) return await TextAsync(500, reply.Message ?? "status failed", request, stop).ConfigureAwait(false);
            var procs = reply.Processes ?? [];
            if (path == "/metrics")
            {
                // The head goes in front of the body in its one pooled buffer: one send, no copy of ~1 MiB per scrape.
                using var body = MetricsWriter.Write(procs, reply.Daemon, reserve: 256);
                var head = HttpResponse.Head(200, MetricsWriter.ContentType, body.Length, keep);
                int from = body.Reserve - head.Length;
                head.CopyTo(body.Buffer, from);
                int length = request.Method == "HEAD" ? head.Length : head.Length + body.Length;
                await SendAsync(body.Buffer.AsMemory(from, length), stop).ConfigureAwait(false);
                return keep;
            }
            var waiting = procs.Where(p => p.Autostart == true && p.Ready != true).ToList();
            var text = waiting.Count == 0 ? "ready\n"
                : $"not ready: {waiting.Count} of {procs.Count(p => p.Autostart == true)} autostart processes\n" + string.Concat(waiting.Select(p => $"{p.Name} {p.State}\n"));
            return await TextAsync(waiting.Count == 0 ? 200 : 503, text, request, stop).ConfigureAwait(false);
        }
        if (path == "/api/v1" || path.StartsWith("/api/v1/", StringComparison.Ordinal))
            return await ApiAsync(request, path["/api/v1".Length..].TrimEnd('/'), stop).ConfigureAwait(false);
        await SendAsync(HttpResponse.Error(404, "no such resource", keep), stop).ConfigureAwait(false);
        return keep;
    }

    private async Task<bool> ApiAsync(HttpRequest request, string rest, CancellationToken stop)
    {
        bool get = request.Method is "GET" or "HEAD";
        var query = Query(request.Target);
        var parts = rest.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        switch (parts)
        {
            case []:
                if (!get) return await MethodAsync("GET", request, stop).ConfigureAwait(false);
                return await RawJsonAsync(200, ApiIndex, request, stop).ConfigureAwait(false);
            case ["processes"]:
                if (!get) return await MethodAsync("GET", request, stop).ConfigureAwait(false);
                return await JsonAsync(await CallAsync(new RpcRequest(RpcCommand.Status) { Stats = Flag(query, "stats") }, stop).ConfigureAwait(false), request, stop).ConfigureAwait(false);
            case ["processes", var name]:
                if (!get) return await MethodAsync("GET", request, stop).ConfigureAwait(false);
                return await JsonAsync(await CallAsync(new RpcRequest(RpcCommand.Status) { Names = [name], Stats = Flag(query, "stats") }, stop).ConfigureAwait(false), request, stop).ConfigureAwait(false);
            case ["processes", var name, "log"]:
                if (!get) return await MethodAsync("GET", request, stop).ConfigureAwait(false);
                return await LogAsync(request, query, name, stop).ConfigureAwait(false);
            case ["log"]:
                if (!get) return await MethodAsync("GET", request, stop).ConfigureAwait(false);
                return await LogAsync(request, query, null, stop).ConfigureAwait(false);
            case ["events"]:
                if (!get) return await MethodAsync("GET", request, stop).ConfigureAwait(false);
                await new EventStream(http, backend).RunAsync(stop).ConfigureAwait(false);
                return false;
            case ["token"]:
                if (!get) return await MethodAsync("GET", request, stop).ConfigureAwait(false);
                return await RawJsonAsync(200, $"{{\"status\":\"ok\",\"token\":\"{WebToken.Value}\"}}", request, stop).ConfigureAwait(false);
            case ["processes", var name, var action] when Actions.Contains(action):
                if (request.Method != "POST") return await MethodAsync("POST", request, stop).ConfigureAwait(false);
                if (!WebToken.Accepts(request.Header(WebToken.Header))) return await TokenRefusedAsync(request, stop).ConfigureAwait(false);
                if (ActionRequest(action, name, query, out var error) is not { } act)
                    return await RawJsonAsync(400, Serialize(RpcReply.Error(RpcErrorCode.InvalidRequest, error!)), request, stop).ConfigureAwait(false);
                return await JsonAsync(await CallAsync(act, stop).ConfigureAwait(false), request, stop).ConfigureAwait(false);
            case ["reload"]:
                if (request.Method != "POST") return await MethodAsync("POST", request, stop).ConfigureAwait(false);
                if (!WebToken.Accepts(request.Header(WebToken.Header))) return await TokenRefusedAsync(request, stop).ConfigureAwait(false);
                return await JsonAsync(await CallAsync(new RpcRequest(RpcCommand.Reload) { DryRun = Flag(query, "dry_run") }, stop).ConfigureAwait(false), request, stop).ConfigureAwait(false);
            default:
                return await RawJsonAsync(404, Serialize(RpcReply.Fail("No such API resource")), request, stop).ConfigureAwait(false);
        }
    }

    /// <summary>What `GET /api/v1` answers: every resource of the API, so a user with curl can find the rest.</summary>
    private static readonly string ApiIndex = "{\"status\":\"ok\",\"resources\":[" + string.Join(",", new (string Method, string Path, string About)[]
    {
        ("GET", "/api/v1/processes", "every process, as `ctl --json status`; ?stats=1 adds cpu_seconds, cpu_percent, rss_bytes"),
        ("GET", "/api/v1/processes/{name}", "one process, a GROUP:* or all; ?stats=1 as above"),
        ("GET", "/api/v1/processes/{name}/log", "the tail of its output; ?stream=stderr, ?lines=N, ?follow=1 (keeps streaming)"),
        ("GET", "/api/v1/log", "the daemon log; ?lines=N, ?follow=1"),
        ("GET", "/api/v1/events", "server-sent events: one status document per change"),
        ("GET", "/api/v1/token", "the token every POST carries in its X-Supervice-Token header"),
        ("POST", "/api/v1/processes/{name}/start", "start it"),
        ("POST", "/api/v1/processes/{name}/stop", "stop it"),
        ("POST", "/api/v1/processes/{name}/restart", "stop then start it; ?force=1 kills it with SIGKILL instead of its stop signal"),
        ("POST", "/api/v1/processes/{name}/signal", "send ?signal=NAME or NUMBER to it"),
        ("POST", "/api/v1/reload", "re-read the config and apply it; ?dry_run=1 only says what would change"),
    }.Select(r => $"{{\"method\":\"{r.Method}\",\"path\":\"{r.Path}\",\"about\":\"{r.About}\"}}")) + "]}";

    /// <summary>`start`, `stop`, `restart` (`?force=1`), `signal` (`?signal=HUP`); NAME may be `GROUP:*` or `all`.</summary>
    public static RpcRequest? ActionRequest(string action, string name, IReadOnlyDictionary<string, string> query, out string? error)
    {
        error = null;
        ImmutableArray<string> names = [name];
        switch (action)
        {
            case "start": return new RpcRequest(RpcCommand.Start) { Names = names };
            case "stop": return new RpcRequest(RpcCommand.Stop) { Names = names };
            case "restart": return new RpcRequest(RpcCommand.Restart) { Names = names, Force = Flag(query, "force") };
            default:
                if (!query.TryGetValue("signal", out var text)) { error = "signal needs ?signal=NAME or NUMBER"; return null; }
                if (!Config.Signals.TryParse(text, out var number)) { error = $"Unknown signal: {text}"; return null; }
                return new RpcRequest(RpcCommand.Signal) { Names = names, Signal = number };
        }
    }
}
