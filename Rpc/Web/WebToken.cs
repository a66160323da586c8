using System.Security.Cryptography;
using System.Text;

namespace Supervice.Rpc.Web;

/// <summary>The per-daemon token of state-changing requests (README: Web dashboard, JSON API, metrics and probes): random at start, carried by the page in
/// `&lt;meta name="supervice-token"&gt;` and sent back in `X-Supervice-Token`. A cross-site form cannot set a
/// header and a cross-site script cannot read the page, so only our page (or a client that read it) can act.</summary>
public static class WebToken
{
    public const string Header = "x-supervice-token";

    public static string Value { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    /// <summary>True when `sent` is the token (compared in constant time).</summary>
    public static bool Accepts(string? sent, string expected)
        => sent is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(sent.Trim()), Encoding.UTF8.GetBytes(expected));

    public static bool Accepts(string? sent) => Accepts(sent, Value);
}
