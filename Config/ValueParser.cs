using System.Globalization;

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
        var digits = t.StartsWith('+') || t.StartsWith('-') ? t.AsSpan(1) : t.AsSpan();
        return !digits.IsEmpty && !digits.ContainsAnyExcept("0123456789")
            && int.TryParse(t, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : null;
    }

    /// <summary>`1024`, `10KB`, `50MB`, `1GB` (powers of 1024, suffix case-insensitive).</summary>
    public static long? Bytes(string text)
    {
        var t = text.Trim();
        int end = 0;
        while (end < t.Length && char.IsAsciiDigit(t[end])) end++;
        var suffix = t[end..].TrimStart().ToUpperInvariant();
        long mult = suffix switch { "" or "B" => 1, "KB" => 1024, "MB" => 1024 * 1024, "GB" => 1024L * 1024 * 1024, _ => 0 };
        if (end == 0 || mult == 0 || !long.TryParse(t.AsSpan(0, end), NumberStyles.None, CultureInfo.InvariantCulture, out var n)) return null;
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
}
