using System.Collections.Immutable;
using System.Text.Json;
using Supervice.Rpc.Messages;

namespace Supervice.Rpc.Wire;

/// <summary>Reads and type-checks the fields of a request whose command is known. Unknown fields are ignored
/// (as 0.4.1 did); a known field of the wrong type is INVALID_REQUEST naming the field.</summary>
internal static class RequestFields
{
    public static ParsedRequest Read(RpcCommand command, Dictionary<string, JsonElement> f)
    {
        string? name = null;
        if (Present(f, "name", out var v))
        {
            if (v.ValueKind != JsonValueKind.String) return ParsedRequest.Invalid("Field 'name' must be a string");
            name = v.GetString();
        }
        ImmutableArray<string>? names = null;
        if (Present(f, "names", out v))
        {
            if (v.ValueKind != JsonValueKind.Array || v.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
                return ParsedRequest.Invalid("Field 'names' must be an array of strings");
            names = RequestParser.Strings(v);
        }
        if (!Bool(f, "force", out var force, out var error)) return error;
        if (!Bool(f, "follow", out var follow, out error)) return error;
        if (!Bool(f, "dry_run", out var dryRun, out error)) return error;
        if (!Bool(f, "stats", out var stats, out error)) return error;

        int signal = 0;
        if (Present(f, "signal", out v))
        {
            if (RequestParser.IsInteger(v, out var n) && Config.Signals.IsValid((int)Math.Clamp(n, 0, 1000))) signal = (int)n;
            else if (v.ValueKind == JsonValueKind.String && Config.Signals.TryParse(v.GetString()!, out var s)) signal = s;
            else if (v.ValueKind is JsonValueKind.String or JsonValueKind.Number)
                return ParsedRequest.Invalid($"Unknown signal: {RequestParser.Shorten(v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText())}");
            else return ParsedRequest.Invalid("Field 'signal' must be a signal name or number");
        }
        var stream = TailStream.Stdout;
        if (Present(f, "stream", out v))
        {
            if (v.ValueKind == JsonValueKind.String && v.GetString() == "stderr") stream = TailStream.Stderr;
            else if (v.ValueKind != JsonValueKind.String || v.GetString() != "stdout")
                return ParsedRequest.Invalid("Field 'stream' must be \"stdout\" or \"stderr\"");
        }
        int lines = RpcRequest.DefaultLines;
        if (Present(f, "lines", out v))
        {
            if (!RequestParser.IsInteger(v, out var n) || n < 0 || n > RpcRequest.MaxLines)
                return ParsedRequest.Invalid($"Field 'lines' must be an integer from 0 to {RequestParser.Invariant(RpcRequest.MaxLines)}");
            lines = (int)n;
        }

        var all = names ?? [];
        if (name is not null) all = all.Insert(0, name);
        var request = new RpcRequest(command)
        {
            Names = all, LegacyName = name is not null && names is null,
            Force = force, Signal = signal, Stream = stream, Lines = lines, Follow = follow, DryRun = dryRun, Stats = stats,
        };
        return Require(request, signalGiven: signal != 0);
    }

    /// <summary>What each command cannot do without. A missing name gets 0.4.1's answer.</summary>
    private static ParsedRequest Require(RpcRequest r, bool signalGiven)
    {
        switch (r.Command)
        {
            case RpcCommand.Start or RpcCommand.Stop or RpcCommand.Restart when r.Names.IsEmpty:
                return new(null, RpcReply.NoSuchName([], "Process not found"));
            case RpcCommand.StartGroup or RpcCommand.StopGroup when r.Names.Length != 1:
                return r.Names.IsEmpty ? new(null, RpcReply.NoSuchName([], "Group not found"))
                                       : ParsedRequest.Invalid($"{RpcCommandNames.ToWire(r.Command)} takes exactly one group name");
            case RpcCommand.Signal when !signalGiven:
                return ParsedRequest.Invalid("Field 'signal' is required");
            case RpcCommand.Signal when r.Names.IsEmpty:
                return new(null, RpcReply.NoSuchName([], "Process not found"));
            case RpcCommand.Tail when r.Names.Length != 1:
                return ParsedRequest.Invalid("tail takes exactly one process name");
        }
        return new(r, null);
    }

    private static bool Present(Dictionary<string, JsonElement> f, string key, out JsonElement value)
        => f.TryGetValue(key, out value) && value.ValueKind != JsonValueKind.Null;

    private static bool Bool(Dictionary<string, JsonElement> f, string key, out bool value, out ParsedRequest error)
    {
        value = false;
        error = default;
        if (!Present(f, key, out var v)) return true;
        if (v.ValueKind is JsonValueKind.True or JsonValueKind.False) { value = v.GetBoolean(); return true; }
        error = ParsedRequest.Invalid($"Field '{key}' must be true or false");
        return false;
    }
}
