using System.Buffers;
using System.Text.Json;
using Supervice.Rpc.Messages;

namespace Supervice.Rpc.Client;

/// <summary>Writes a request as the wire expects it; the mirror of <see cref="Wire.RequestParser"/>.
/// Names always go in `names` (the single `name` of 0.4.1's client is only read, never written).</summary>
public static class RequestWriter
{
    public static byte[] Write(RpcRequest r)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("command", RpcCommandNames.ToWire(r.Command));
            if (!r.Names.IsEmpty)
            {
                w.WriteStartArray("names");
                foreach (var n in r.Names) w.WriteStringValue(n);
                w.WriteEndArray();
            }
            if (r.Force) w.WriteBoolean("force", true);
            if (r.Signal != 0) w.WriteNumber("signal", r.Signal);
            if (r.Command is RpcCommand.Tail or RpcCommand.MainTail)
            {
                if (r.Command == RpcCommand.Tail) w.WriteString("stream", r.Stream == TailStream.Stderr ? "stderr" : "stdout");
                w.WriteNumber("lines", r.Lines);
                w.WriteBoolean("follow", r.Follow);
            }
            if (r.DryRun) w.WriteBoolean("dry_run", true);
            if (r.Stats) w.WriteBoolean("stats", true);
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
