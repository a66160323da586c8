namespace Supervice.Config;

/// <summary>`http://host[:port][/path]` with host a name, an IPv4 address or a bracketed IPv6 address — the form
/// healthcheck_url accepts. One parser for the config check and the probe.</summary>
public readonly record struct HttpUrl(string Host, int Port, string Path)
{
    public static bool TryParse(string? url, out HttpUrl result)
    {
        result = default;
        if (url is null || !url.StartsWith("http://", StringComparison.Ordinal)) return false;
        var rest = url.AsSpan(7);
        if (rest.IndexOfAny(' ', '\t') >= 0) return false;
        int slash = rest.IndexOf('/');
        var authority = slash < 0 ? rest : rest[..slash];
        var path = slash < 0 ? "/" : rest[slash..].ToString();
        string host;
        ReadOnlySpan<char> portText = default;
        if (authority.StartsWith("["))
        {
            int close = authority.IndexOf(']');
            if (close < 2) return false;
            host = authority[1..close].ToString();
            if (host.Any(c => !(char.IsAsciiHexDigit(c) || c is ':' or '.'))) return false;
            var after = authority[(close + 1)..];
            if (!after.IsEmpty) { if (after[0] != ':') return false; portText = after[1..]; }
        }
        else
        {
            int colon = authority.IndexOf(':');
            host = (colon < 0 ? authority : authority[..colon]).ToString();
            if (colon >= 0) portText = authority[(colon + 1)..];
            if (host.Length == 0 || host.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))) return false;
        }
        int port = 80;
        if (!portText.IsEmpty && (portText.Length > 5 || !int.TryParse(portText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
            return false;
        result = new HttpUrl(host, port, path);
        return true;
    }
}
