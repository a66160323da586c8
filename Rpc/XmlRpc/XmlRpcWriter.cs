using System.Globalization;

namespace Supervice.Rpc.XmlRpc;

/// <summary>Writes a `methodResponse`: one value, or a fault struct. Strings are escaped, and characters XML 1.0 cannot
/// carry (most C0 controls, lone surrogates) become U+FFFD so a client's parser never chokes on a child's output.</summary>
public static class XmlRpcWriter
{
    public static byte[] Response(object value)
    {
        using var buffer = Write(value);
        return buffer.Memory.ToArray();
    }

    /// <summary>The response in a pooled buffer (dispose it once sent).</summary>
    public static Utf8Buffer Write(object value)
    {
        var sb = new Utf8Buffer();
        sb.Append("<?xml version='1.0'?>\n<methodResponse>\n");
        if (value is XmlRpcFault fault)
        {
            sb.Append("<fault>\n");
            Value(sb, new Dictionary<string, object> { ["faultCode"] = fault.Code, ["faultString"] = fault.String }, 0);
            sb.Append("</fault>\n");
        }
        else
        {
            sb.Append("<params>\n<param>\n");
            Value(sb, value, 0);
            sb.Append("</param>\n</params>\n");
        }
        sb.Append("</methodResponse>\n");
        return sb;
    }

    private static void Value(Utf8Buffer sb, object value, int depth)
    {
        sb.Append("<value>");
        switch (value)
        {
            case bool b: sb.Append("<boolean>").Append(b ? '1' : '0').Append("</boolean>"); break;
            case int i: sb.Append("<int>").Append(i).Append("</int>"); break;
            case long l: sb.Append("<int>").Append(Math.Clamp(l, int.MinValue, int.MaxValue)).Append("</int>"); break;
            case double d: sb.Append("<double>").Append(d.ToString("R", CultureInfo.InvariantCulture)).Append("</double>"); break;
            case string s: sb.Append("<string>"); Escape(sb, s); sb.Append("</string>"); break;
            case byte[] bytes: sb.Append("<base64>").Append(Convert.ToBase64String(bytes)).Append("</base64>"); break;
            case DateTime t: sb.Append("<dateTime.iso8601>").Append(t.ToString("yyyyMMdd'T'HH:mm:ss", CultureInfo.InvariantCulture)).Append("</dateTime.iso8601>"); break;
            case IEnumerable<KeyValuePair<string, object>> members:
                sb.Append("<struct>\n");
                foreach (var (k, v) in members)
                {
                    sb.Append("<member>\n<name>"); Escape(sb, k); sb.Append("</name>\n");
                    Value(sb, v, depth + 1);
                    sb.Append("</member>\n");
                }
                sb.Append("</struct>");
                break;
            case System.Collections.IEnumerable items:
                sb.Append("<array><data>\n");
                foreach (var item in items) Value(sb, item!, depth + 1);
                sb.Append("</data></array>");
                break;
            default: sb.Append("<string></string>"); break;
        }
        sb.Append("</value>\n");
    }

    /// <summary>Runs of plain characters are appended whole; only the characters that need it are rewritten.</summary>
    public static void Escape(Utf8Buffer sb, string s)
    {
        int plain = 0;
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (c >= ' ' && c is not ('<' or '>' or '&') && !char.IsSurrogate(c) && c < '\uFFFE') continue;
            sb.Append(s.AsSpan(plain, i - plain));
            plain = i + 1;
            switch (c)
            {
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '&': sb.Append("&amp;"); break;
                case '\r': sb.Append("&#13;"); break;
                case '\t' or '\n': sb.Append(c); break;
                case < ' ': sb.Append('\uFFFD'); break;
                case '\uFFFE' or '\uFFFF': sb.Append('\uFFFD'); break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) { sb.Append(s.AsSpan(i, 2)); i++; plain = i + 1; }
                    else if (char.IsSurrogate(c)) sb.Append('\uFFFD');
                    else sb.Append(c);
                    break;
            }
        }
        sb.Append(s.AsSpan(plain));
    }
}
