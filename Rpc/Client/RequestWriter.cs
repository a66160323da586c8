using System.Globalization;
using System.Text;
using Supervice.Rpc.Messages;

namespace Supervice.Rpc.Client;

/// <summary>Writes a request as the wire expects it; the mirror of <see cref="Wire.RequestParser"/>.
/// Names always go in `names` (the single `name` of 0.4.1's client is only read, never written).
/// Written by hand, not with Utf8JsonWriter: its default encoder's set-up alone was ~1 M instructions of a
/// one-shot ctl process (issue #16, M3). Strings escape `"`, `\` and control characters; the rest is UTF-8.</summary>
public static class RequestWriter
{
    public static byte[] Write(RpcRequest r)
    {
        var sb = new StringBuilder(64);
        sb.Append("{\"command\":");
        Str(sb, RpcCommandNames.ToWire(r.Command));
        if (!r.Names.IsEmpty)
        {
            sb.Append(",\"names\":[");
            for (int i = 0; i < r.Names.Length; i++)
            {
                if (i > 0) sb.Append(',');
                Str(sb, r.Names[i]);
            }
            sb.Append(']');
        }
        if (r.Force) sb.Append(",\"force\":true");
        if (r.Signal != 0) sb.Append(",\"signal\":").Append(r.Signal.ToString(CultureInfo.InvariantCulture));
        if (r.Command is RpcCommand.Tail or RpcCommand.MainTail)
        {
            if (r.Command == RpcCommand.Tail) sb.Append(",\"stream\":").Append(r.Stream == TailStream.Stderr ? "\"stderr\"" : "\"stdout\"");
            sb.Append(",\"lines\":").Append(r.Lines.ToString(CultureInfo.InvariantCulture));
            sb.Append(",\"follow\":").Append(r.Follow ? "true" : "false");
        }
        if (r.DryRun) sb.Append(",\"dry_run\":true");
        if (r.Stats) sb.Append(",\"stats\":true");
        sb.Append('}');
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static void Str(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case < ' ': sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); break;
                default: sb.Append(c); break;
            }
        }
        sb.Append('"');
    }
}
