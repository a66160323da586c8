using System.Buffers;
using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Supervice.Rpc.Messages;

namespace Supervice.Rpc.Wire;

/// <summary>Turns a frame's payload into a request, in 0.4.1's validation order (empty, UTF-8, JSON,
/// object, command), then checks the type of every known field. Never throws: every bad input becomes
/// an error reply with a plain message.</summary>
public static class RequestParser
{
    public const int MaxDepth = 64;

    public static ParsedRequest Parse(ReadOnlySpan<byte> payload)
    {
        if (payload.IsEmpty) return new(null, RpcReply.Error(RpcErrorCode.EmptyRequest, "Empty request"));
        if (InvalidUtf8(payload) is { } utf8Error) return new(null, RpcReply.Error(RpcErrorCode.InternalError, utf8Error));
        if (InvalidJson(payload) is { } jsonError) return new(null, RpcReply.Error(RpcErrorCode.InvalidJson, jsonError));

        using var doc = JsonDocument.Parse(payload.ToArray(), new JsonDocumentOptions { MaxDepth = MaxDepth + 1 });
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object) return ParsedRequest.Invalid("Request must be a JSON object");

        var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var p in root.EnumerateObject()) fields[p.Name] = p.Value; // the last duplicate wins, as in Python

        if (!fields.TryGetValue("command", out var cmd) || cmd.ValueKind != JsonValueKind.String
            || !RpcCommandNames.TryParse(cmd.GetString()!, out var command))
            return new(null, RpcReply.Error(RpcErrorCode.UnknownCommand, $"Unknown command: {PythonText(fields, "command")}"));

        return RequestFields.Read(command, fields);
    }

    private static string? InvalidUtf8(ReadOnlySpan<byte> payload)
    {
        var status = System.Text.Unicode.Utf8.ToUtf16(payload, new char[payload.Length], out int read, out _, replaceInvalidSequences: false);
        if (status == OperationStatus.Done) return null;
        return $"Request is not valid UTF-8: invalid byte 0x{payload[read]:x2} in position {read}";
    }

    private static string? InvalidJson(ReadOnlySpan<byte> payload)
    {
        var reader = new Utf8JsonReader(payload, new JsonReaderOptions { MaxDepth = MaxDepth + 1 });
        try
        {
            while (reader.Read())
                if (reader.CurrentDepth >= MaxDepth) return $"Invalid JSON: nested deeper than {MaxDepth} levels";
            return null;
        }
        catch (JsonException e)
        {
            var line = (e.LineNumber ?? 0) + 1;
            var column = (e.BytePositionInLine ?? 0) + 1;
            return reader.CurrentDepth >= MaxDepth
                ? $"Invalid JSON: nested deeper than {MaxDepth} levels"
                : $"Invalid JSON: syntax error at line {line}, column {column}";
        }
    }

    /// <summary>The value as 0.4.1 printed it with Python's str(): missing or null → None.</summary>
    private static string PythonText(Dictionary<string, JsonElement> fields, string key)
    {
        if (!fields.TryGetValue(key, out var v)) return "None";
        return v.ValueKind switch
        {
            JsonValueKind.Null => "None",
            JsonValueKind.True => "True",
            JsonValueKind.False => "False",
            JsonValueKind.String => v.GetString()!,
            _ => Shorten(v.GetRawText()),
        };
    }

    internal static string Shorten(string s) => s.Length <= 80 ? s : s[..80] + "...";

    internal static bool IsInteger(JsonElement v, out long value)
    {
        value = 0;
        return v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out value);
    }

    internal static string Invariant(long v) => v.ToString(CultureInfo.InvariantCulture);

    internal static ImmutableArray<string> Strings(JsonElement array)
    {
        var b = ImmutableArray.CreateBuilder<string>(array.GetArrayLength());
        foreach (var e in array.EnumerateArray()) b.Add(e.GetString()!);
        return b.MoveToImmutable();
    }
}
