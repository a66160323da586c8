using System.Net;
using System.Net.Sockets;
using System.Text;
using Supervice.Config;

namespace Supervice.Core.Health;

/// <summary>The network health checks, run off the event loop, each bounded by its timeout. They return
/// (healthy, message) with 0.4.1's wording.</summary>
public static class HealthProbes
{
    public static async Task<(bool Ok, string Message)> TcpAsync(string host, int port, int timeoutSecs)
    {
        var where = FormatEndpoint(host, port);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSecs));
        try
        {
            using var s = await ConnectAsync(host, port, cts.Token).ConfigureAwait(false);
            return (true, $"TCP connection to {where} succeeded");
        }
        catch (OperationCanceledException) { return (false, $"TCP connection to {where} timed out after {timeoutSecs}s"); }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionRefused) { return (false, $"TCP connection to {where} refused"); }
        catch (SocketException ex) { return (false, $"TCP connection to {where} failed: {ex.Message}"); }
    }

    /// <summary>GET over HTTP/1.0; healthy on a 2xx status line within the timeout.</summary>
    public static async Task<(bool Ok, string Message)> HttpAsync(string url, int timeoutSecs)
    {
        if (!Config.HttpUrl.TryParse(url, out var parsed)) return (false, $"bad healthcheck_url {url}");
        var (host, port, path) = (parsed.Host, parsed.Port, parsed.Path);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSecs));
        try
        {
            using var s = await ConnectAsync(host, port, cts.Token).ConfigureAwait(false);
            var hostHeader = host.Contains(':') ? $"[{host}]:{port}" : $"{host}:{port}";
            var request = Encoding.ASCII.GetBytes($"GET {path} HTTP/1.0\r\nHost: {hostHeader}\r\nUser-Agent: supervice-healthcheck\r\nConnection: close\r\n\r\n");
            await s.SendAsync(request, SocketFlags.None, cts.Token).ConfigureAwait(false);
            var buffer = new byte[512];
            int got = 0;
            while (got < buffer.Length)
            {
                int n = await s.ReceiveAsync(buffer.AsMemory(got), SocketFlags.None, cts.Token).ConfigureAwait(false);
                if (n == 0) break;
                got += n;
                if (buffer.AsSpan(0, got).IndexOf((byte)'\n') >= 0) break;
            }
            var line = Encoding.ASCII.GetString(buffer, 0, got).Split('\n')[0].Trim();
            var parts = line.Split(' ', 3);
            if (parts.Length < 2 || !parts[0].StartsWith("HTTP/", StringComparison.Ordinal) || !int.TryParse(parts[1], out var code))
                return (false, $"HTTP check of {url}: no valid status line");
            return code is >= 200 and < 300 ? (true, $"HTTP {code} from {url}") : (false, $"HTTP {code} from {url}");
        }
        catch (OperationCanceledException) { return (false, $"HTTP check of {url} timed out after {timeoutSecs}s"); }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionRefused) { return (false, $"HTTP check of {url}: connection refused"); }
        catch (SocketException ex) { return (false, $"HTTP check of {url} failed: {ex.Message}"); }
        catch (IOException ex) { return (false, $"HTTP check of {url} failed: {ex.Message}"); }
    }

    private static async Task<Socket> ConnectAsync(string host, int port, CancellationToken ct)
    {
        IPAddress[] addresses = IPAddress.TryParse(host.Trim('[', ']'), out var ip) ? [ip] : await Dns.GetHostAddressesAsync(host, ct).ConfigureAwait(false);
        SocketException? last = null;
        foreach (var address in addresses)
        {
            var s = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await s.ConnectAsync(new IPEndPoint(address, port), ct).ConfigureAwait(false);
                return s;
            }
            catch (SocketException ex) { last = ex; s.Dispose(); }
            catch { s.Dispose(); throw; }
        }
        throw last ?? new SocketException((int)SocketError.HostNotFound);
    }

    private static string FormatEndpoint(string host, int port) => host.Contains(':') ? $"[{host}]:{port}" : $"{host}:{port}";
}
