using System.Net.Sockets;
using System.Text;
using Supervice.Rpc.Http;
using Supervice.Rpc.Messages;
using Supervice.Rpc.Server;

namespace Supervice.Rpc.Web;

/// <summary>`GET /api/v1/events`: server-sent events, one `status` event (the `ctl status --json --stats` document)
/// now and after each change. Between changes it sleeps on the change feed: no timer, nothing sent, no wake-up.
/// A burst of changes is sent as one event a quarter second after the first.</summary>
public sealed class EventStream(HttpConnection http, IRpcBackend backend)
{
    private static readonly TimeSpan Coalesce = TimeSpan.FromMilliseconds(250);

    private static readonly byte[] Head = Encoding.ASCII.GetBytes(
        "HTTP/1.1 200 OK\r\nServer: supervice\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n");

    public async Task RunAsync(CancellationToken stop)
    {
        using var gone = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var watcher = http.WatchForCloseAsync(gone);
        try
        {
            await http.SendAsync(Head, gone.Token).ConfigureAwait(false);
            var feed = backend.Changes;
            while (!gone.IsCancellationRequested)
            {
                long seen = feed?.Version ?? 0;
                var reply = await backend.HandleAsync(new RpcRequest(RpcCommand.Status) { Stats = true }, gone.Token).ConfigureAwait(false);
                var json = WebRoutes.Serialize(reply);
                await http.SendAsync(Encoding.UTF8.GetBytes($"event: status\ndata: {json}\n\n"), gone.Token).ConfigureAwait(false);
                if (feed is null) { await Task.Delay(Timeout.Infinite, gone.Token).ConfigureAwait(false); break; }
                await feed.AfterAsync(seen, gone.Token).ConfigureAwait(false);
                await Task.Delay(Coalesce, gone.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException or InvalidOperationException) { }
        finally
        {
            await gone.CancelAsync().ConfigureAwait(false);
            try { await watcher.ConfigureAwait(false); } catch (Exception) { /* the watcher only signals */ }
        }
    }
}
