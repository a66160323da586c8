namespace Supervice.Config.Model;

/// <summary>`[inet_http_server]`: where the HTTP/XML-RPC side also listens on TCP. Host "" means every address
/// (`*:PORT` or a bare `PORT`); Password is plain or `{SHA}` + hex SHA-1.</summary>
public sealed record InetHttpServer(string Host, int Port, string? Username, string? Password)
{
    public bool IsLoopback => Host is "127.0.0.1" or "::1" or "localhost" || Host.StartsWith("127.", StringComparison.Ordinal);

    public override string ToString() => Host.Contains(':') ? $"[{Host}]:{Port}" : $"{(Host.Length == 0 ? "*" : Host)}:{Port}";
}
