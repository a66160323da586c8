using System.Globalization;
using System.Text;

namespace Supervice.Config;

/// <summary>supervisord's `%(name)s` / `%(name)0Nd` expansion with Python %-operator formatting.
/// `%%` is a literal `%`; a `%` not followed by `(` or `%` stays literal (so `date +%s` works).</summary>
public static class Expansion
{
    /// <summary>Expands `value`; on failure returns null and sets `error` to a message naming the problem.</summary>
    public static string? Expand(string value, IReadOnlyDictionary<string, object> keys, out string? error)
    {
        error = null;
        if (value.IndexOf('%') < 0) return value;
        var sb = new StringBuilder(value.Length);
        int i = 0;
        while (i < value.Length)
        {
            char c = value[i];
            if (c != '%' || i + 1 >= value.Length) { sb.Append(c); i++; continue; }
            char next = value[i + 1];
            if (next == '%') { sb.Append('%'); i += 2; continue; }
            if (next != '(') { sb.Append(c); i++; continue; }
            int close = value.IndexOf(')', i + 2);
            if (close < 0) { error = $"unterminated '%(' in '{value}'"; return null; }
            var name = value[(i + 2)..close];
            int j = close + 1;
            int specStart = j;
            while (j < value.Length && "#0- +".Contains(value[j])) j++;
            while (j < value.Length && char.IsAsciiDigit(value[j])) j++;
            if (j < value.Length && value[j] == '.') { j++; while (j < value.Length && char.IsAsciiDigit(value[j])) j++; }
            if (j >= value.Length) { error = $"incomplete format after '%({name})' in '{value}'"; return null; }
            char conv = value[j];
            if (!keys.TryGetValue(name, out var v))
            {
                error = name.StartsWith("ENV_", StringComparison.Ordinal)
                    ? $"environment variable {name[4..]} is not set (needed by '%({name})s')"
                    : $"unknown expansion '%({name})s'; available: {string.Join(", ", keys.Keys.Where(k => !k.StartsWith("ENV_", StringComparison.Ordinal)).Order(StringComparer.Ordinal))}, ENV_<name>";
                return null;
            }
            var formatted = Format(v, value[specStart..j], conv, out error);
            if (formatted is null) { error = $"{error} in '%({name}){value[specStart..(j + 1)]}'"; return null; }
            sb.Append(formatted);
            i = j + 1;
        }
        return sb.ToString();
    }

    private static string? Format(object v, string spec, char conv, out string? error)
    {
        error = null;
        int f = 0;
        while (f < spec.Length && "#0- +".Contains(spec[f])) f++;
        var flags = spec[..f];
        bool left = flags.Contains('-'), zero = flags.Contains('0'), plus = flags.Contains('+'), space = flags.Contains(' ');
        var digits = spec[f..];
        int dot = digits.IndexOf('.');
        int width = int.TryParse(dot < 0 ? digits : digits[..dot], NumberStyles.None, CultureInfo.InvariantCulture, out var w) ? w : 0;
        int? precision = dot < 0 ? null : int.TryParse(digits[(dot + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : 0;
        string body;
        switch (conv)
        {
            case 's' or 'r':
                body = v is string s ? s : Convert.ToString(v, CultureInfo.InvariantCulture)!;
                if (conv == 'r' && v is string) body = "'" + body + "'";
                if (precision is int pr && pr < body.Length) body = body[..pr];
                return left ? body.PadRight(width) : body.PadLeft(width);
            case 'd' or 'i' or 'x' or 'X' or 'o':
                if (v is not int n) { error = "%" + conv + " format: a number is required, not str"; return null; }
                var abs = Math.Abs((long)n);
                body = conv switch
                {
                    'x' => abs.ToString("x", CultureInfo.InvariantCulture),
                    'X' => abs.ToString("X", CultureInfo.InvariantCulture),
                    'o' => Convert.ToString(abs, 8),
                    _ => abs.ToString(CultureInfo.InvariantCulture),
                };
                if (precision is int dp) body = body.PadLeft(dp, '0');
                var sign = n < 0 ? "-" : plus ? "+" : space ? " " : "";
                if (zero && !left) return sign + body.PadLeft(Math.Max(0, width - sign.Length), '0');
                return left ? (sign + body).PadRight(width) : (sign + body).PadLeft(width);
            default:
                error = $"unsupported format character '{conv}'";
                return null;
        }
    }
}
