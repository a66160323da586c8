namespace Supervice.Rpc.Http;

/// <summary>One parsed HTTP/1.x request. Header names are lower-case; Target is the raw request target.</summary>
public sealed record HttpRequest(string Method, string Target, bool Http11, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body)
{
    public string? Header(string name)
    {
        foreach (var (k, v) in Headers) if (k == name) return v;
        return null;
    }

    /// <summary>HTTP/1.1 keeps the connection unless `Connection: close`; 1.0 only with `Connection: keep-alive`.</summary>
    public bool KeepAlive => Header("connection")?.Trim().ToLowerInvariant() is { } c
        ? Http11 ? !c.Contains("close", StringComparison.Ordinal) : c.Contains("keep-alive", StringComparison.Ordinal)
        : Http11;

    /// <summary>The path without the query string.</summary>
    public string Path => Target.IndexOf('?') is var q and >= 0 ? Target[..q] : Target;
}
