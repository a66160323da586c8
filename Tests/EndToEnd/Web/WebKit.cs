using System.Net.Sockets;
using System.Text.Json;

namespace Supervice.Tests.EndToEnd.Web;

/// <summary>HTTP to a daemon's unix socket (the same socket as ctl), as `curl --unix-socket` does it.</summary>
public static class WebKit
{
    public static HttpClient Client(Daemon d) => Client(d.Socket);

    public static HttpClient Client(string socket) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (_, ct) =>
        {
            var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await s.ConnectAsync(new UnixDomainSocketEndPoint(socket), ct);
            return new NetworkStream(s, ownsSocket: true);
        },
    }) { BaseAddress = new Uri("http://localhost"), Timeout = TimeSpan.FromSeconds(30) };

    public static (int Status, string Body) Get(HttpClient c, string url)
    {
        using var r = c.GetAsync(url).GetAwaiter().GetResult();
        return ((int)r.StatusCode, r.Content.ReadAsStringAsync().GetAwaiter().GetResult());
    }

    public static (int Status, string Body) Post(HttpClient c, string url, string? token, IDictionary<string, string>? headers = null, HttpContent? content = null)
    {
        using var m = new HttpRequestMessage(HttpMethod.Post, url) { Content = content ?? new StringContent("") };
        if (token is not null) m.Headers.Add("X-Supervice-Token", token);
        foreach (var (k, v) in headers ?? new Dictionary<string, string>()) m.Headers.TryAddWithoutValidation(k, v);
        using var r = c.SendAsync(m).GetAwaiter().GetResult();
        return ((int)r.StatusCode, r.Content.ReadAsStringAsync().GetAwaiter().GetResult());
    }

    /// <summary>The token as the page carries it in its meta tag.</summary>
    public static string PageToken(HttpClient c)
    {
        var (status, page) = Get(c, "/");
        Assert.AreEqual(200, status, page);
        var m = System.Text.RegularExpressions.Regex.Match(page, "<meta name=\"supervice-token\" content=\"([0-9a-f]+)\">");
        Assert.IsTrue(m.Success, "the page carries no token meta tag");
        return m.Groups[1].Value;
    }

    public static JsonElement StatusJson(Daemon d, params string[] extra)
    {
        var r = d.Ctl(["--json", "status", .. extra]);
        return JsonDocument.Parse(r.Stdout).RootElement;
    }
}
