using System.Globalization;
using System.Text;

namespace Supervice.Rpc.XmlRpc;

/// <summary>Writes a `methodResponse`: one value, or a fault struct. Strings are escaped, and characters XML 1.0 cannot
/// carry (most C0 controls, lone surrogates) become U+FFFD so a client's parser never chokes on a child's output.</summary>
public static class XmlRpcWriter
{
    public static byte[] Response(object value)
    {
        var sb = new StringBuilder(256);
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
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static void Value(StringBuilder sb, object value, int depth)
    {
        sb.Append("<value>");
        switch (value)
        {
            case bool b: sb.Append("<boolean>").Append(b ? '1' : '0').Append("</boolean>"); break;
            case int i: sb.Append("<int>").Append(i.ToString(CultureInfo.InvariantCulture)).Append("</int>"); break;
            case long l: sb.Append("<int>").Append(Math.Clamp(l, int.MinValue, int.MaxValue).ToString(CultureInfo.InvariantCulture)).Append("</int>"); break;
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

    public static void Escape(StringBuilder sb, string s)
    {
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
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
                    if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) { sb.Append(c).Append(s[++i]); }
                    else if (char.IsSurrogate(c)) sb.Append('\uFFFD');
                    else sb.Append(c);
                    break;
            }
        }
    }
}
