using System.Security.Cryptography;
using System.Text;

namespace Supervice.Rpc.Http;

/// <summary>HTTP Basic credentials as `[inet_http_server]` gives them: a username, and a password in plain text or
/// `{SHA}` + the hex SHA-1 of it (supervisord's convention). Compared in constant time.</summary>
public sealed class BasicAuth(string username, string password)
{
    public bool Accepts(string? authorization)
    {
        if (authorization is null || !authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)) return false;
        byte[] decoded;
        try { decoded = Convert.FromBase64String(authorization[6..].Trim()); }
        catch (FormatException) { return false; }
        var text = Encoding.UTF8.GetString(decoded);
        int colon = text.IndexOf(':');
        if (colon < 0) return false;
        var user = text[..colon];
        var pass = text[(colon + 1)..];
        bool userOk = Same(user, username);
        bool passOk = password.StartsWith("{SHA}", StringComparison.Ordinal)
            ? Same(Convert.ToHexStringLower(Sha1.Hash(Encoding.UTF8.GetBytes(pass))), password[5..].ToLowerInvariant())
            : Same(pass, password);
        return userOk & passOk;
    }

    private static bool Same(string a, string b)
        => CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
}
