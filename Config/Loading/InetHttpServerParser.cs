using System.Globalization;
using Supervice.Config.Ini;
using Supervice.Config.Model;

namespace Supervice.Config.Loading;

/// <summary>`[inet_http_server]` → <see cref="InetHttpServer"/>. A non-loopback address without both a username and a
/// password is an error (supervisord's CVE-2017-11610 lesson: an open XML-RPC port is a remote shell).</summary>
internal static class InetHttpServerParser
{
    public static InetHttpServer? Parse(IniSection section, ConfigFiles files, Dictionary<string, object> keys, List<Diagnostic> diagnostics)
    {
        KnownKeys.Check(section, KnownKeys.InetHttpServer, [], diagnostics);
        var r = new SectionReader(section, files.Defaults, keys, diagnostics, "[inet_http_server] ");
        var port = r.String("port")?.Trim();
        if (string.IsNullOrEmpty(port)) { r.Error("port", "port is required (HOST:PORT, or *:PORT for every address)"); return null; }
        if (!TryAddress(port, out var host, out var number))
        {
            r.Error("port", $"port '{port}' is not HOST:PORT with PORT 1-65535 (e.g. 127.0.0.1:9001, *:9001)");
            return null;
        }
        var username = NullIfEmpty(r.String("username"));
        var password = NullIfEmpty(r.String("password"));
        var server = new InetHttpServer(host, number, username, password);
        if (username is null != password is null)
            r.Error(username is null ? "password" : "username", "username and password must be set together");
        else if (!server.IsLoopback && username is null)
            r.Error("port", $"port '{port}' listens beyond this host without credentials; set username and password, or bind 127.0.0.1");
        if (password is not null && password.StartsWith("{SHA}", StringComparison.Ordinal)
            && (password.Length != 45 || !password[5..].All(char.IsAsciiHexDigit)))
            r.Error("password", "a {SHA} password must be {SHA} followed by the 40 hex digits of its SHA-1");
        return server;
    }

    /// <summary>`HOST:PORT`, `*:PORT`, `[v6]:PORT`, or a bare `PORT` (every address, as supervisord).</summary>
    public static bool TryAddress(string text, out string host, out int port)
    {
        host = "";
        int colon = text.LastIndexOf(':');
        var portText = colon < 0 ? text : text[(colon + 1)..];
        if (colon >= 0)
        {
            host = text[..colon];
            if (host.StartsWith('[') && host.EndsWith(']')) host = host[1..^1];
            if (host == "*") host = "";
            if (host.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or ':'))) { port = 0; return false; }
        }
        return int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is >= 1 and <= 65535;
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
