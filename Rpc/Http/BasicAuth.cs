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

    /// <summary>Constant time in the length of the longer input: a wrong guess learns nothing from the timing.</summary>
    private static bool Same(string a, string b)
    {
        var x = Encoding.UTF8.GetBytes(a);
        var y = Encoding.UTF8.GetBytes(b);
        int diff = x.Length ^ y.Length;
        for (int i = 0; i < Math.Max(x.Length, y.Length); i++)
            diff |= (i < x.Length ? x[i] : 0) ^ (i < y.Length ? y[i] : 0);
        return diff == 0;
    }
}
