using System.Globalization;
using System.Text.RegularExpressions;

namespace Supervice.Config;

/// <summary>Strict conversions of config values. Each returns null on failure; the caller words the error.</summary>
public static partial class ValueParser
{
    public static bool? Bool(string text) => text.Trim().ToLowerInvariant() switch
    {
        "true" or "yes" or "on" or "1" => true,
        "false" or "no" or "off" or "0" => false,
        _ => null,
    };

    public static int? Int(string text)
    {
        var t = text.Trim();
        return IntPattern().IsMatch(t) && int.TryParse(t, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : null;
    }

    /// <summary>`1024`, `10KB`, `50MB`, `1GB` (powers of 1024, suffix case-insensitive).</summary>
    public static long? Bytes(string text)
    {
        var m = BytesPattern().Match(text.Trim());
        if (!m.Success || !long.TryParse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n)) return null;
        long mult = m.Groups[2].Value.ToUpperInvariant() switch { "KB" => 1024, "MB" => 1024 * 1024, "GB" => 1024L * 1024 * 1024, _ => 1 };
        try { return checked(n * mult); } catch (OverflowException) { return null; }
    }

    /// <summary>Octal like `022`, `0o022` or `0700`.</summary>
    public static int? Octal(string text)
    {
        var t = text.Trim();
        if (t.StartsWith("0o", StringComparison.OrdinalIgnoreCase)) t = t[2..];
        if (t.Length == 0 || t.Length > 4 || t.Any(c => c is < '0' or > '7')) return null;
        return Convert.ToInt32(t, 8);
    }

    [GeneratedRegex(@"^[+-]?[0-9]+$")]
    private static partial Regex IntPattern();

    [GeneratedRegex(@"^([0-9]+)\s*(KB|MB|GB|B)?$", RegexOptions.IgnoreCase)]
    private static partial Regex BytesPattern();
}
