using System.Buffers;
using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using Supervice.Rpc.Messages;

namespace Supervice.Rpc.Client;

/// <summary>Reads a reply frame into an <see cref="RpcReply"/> with one <see cref="Utf8JsonReader"/> pass. The ctl
/// process reads one reply and exits: the source-generated context spent ~7 M of its ~11 M instructions configuring
/// its metadata (converters, attribute reflection for polymorphism) before the first byte (issue #16, M3).
/// Same contract as the serializer's: snake_case keys, case-sensitive, unknown keys skipped, `status` required, a
/// wrong type or malformed JSON is a <see cref="JsonException"/>. `config_info` (supervisord's getAllConfigInfo,
/// not a ctl verb) is skipped. A test compares it with the serializer on every field.</summary>
public static class ReplyReader
{
    public static RpcReply Read(ReadOnlySpan<byte> json)
    {
        var r = new Utf8JsonReader(json);
        try
        {
            Next(ref r);
            var reply = ReadReply(ref r);
            if (r.Read()) throw new JsonException("trailing data after the reply");
            return reply;
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            throw new JsonException(e.Message, e);
        }
    }

    private static RpcReply ReadReply(ref Utf8JsonReader r)
    {
        Expect(ref r, JsonTokenType.StartObject);
        Span<char> keyBuffer = stackalloc char[KeyBufferSize];
        string? status = null, code = null, message = null, version = null, data = null;
        ImmutableArray<ProcessStatus>? processes = null;
        ImmutableArray<ProcessResult>? results = null;
        ImmutableArray<string>? notFound = null, added = null, removed = null, changed = null, restarted = null;
        bool? dryRun = null;
        int? pid = null;
        long? offset = null;
        DaemonStats? daemon = null;
        while (NextKey(ref r))
        {
            var key = KeyText(r, keyBuffer);
            Next(ref r);
            switch (key)
            {
                case "status": status = Str(ref r); break;
                case "code": code = Str(ref r); break;
                case "message": message = Str(ref r); break;
                case "processes": processes = Processes(ref r); break;
                case "results": results = Array(ref r, ReadResult); break;
                case "not_found": notFound = Array(ref r, StrItem); break;
                case "added": added = Array(ref r, StrItem); break;
                case "removed": removed = Array(ref r, StrItem); break;
                case "changed": changed = Array(ref r, StrItem); break;
                case "restarted": restarted = Array(ref r, StrItem); break;
                case "dry_run": dryRun = Bool(ref r); break;
                case "pid": pid = Int(ref r); break;
                case "version": version = Str(ref r); break;
                case "data": data = Str(ref r); break;
                case "offset": offset = Long(ref r); break;
                case "daemon": daemon = r.TokenType == JsonTokenType.Null ? null : ReadDaemon(ref r); break;
                default: r.Skip(); break;
            }
        }
        return new RpcReply
        {
            Status = status ?? throw new JsonException("the reply has no status"),
            Code = code, Message = message, Processes = processes, Results = results, NotFound = notFound,
            Added = added, Removed = removed, Changed = changed, Restarted = restarted, DryRun = dryRun, Pid = pid,
            Version = version, Data = data, Offset = offset, Daemon = daemon,
        };
    }

    /// <summary>The `processes` array (the reader on its StartArray) or null. Each row is read knowing the one before it:
    /// rows mostly repeat its state and containment.</summary>
    private static ImmutableArray<ProcessStatus>? Processes(ref Utf8JsonReader r)
    {
        if (r.TokenType == JsonTokenType.Null) return null;
        Expect(ref r, JsonTokenType.StartArray);
        var list = ImmutableArray.CreateBuilder<ProcessStatus>();
        ProcessStatus? previous = null;
        while (true)
        {
            Next(ref r);
            if (r.TokenType == JsonTokenType.EndArray) return list.ToImmutable();
            list.Add(previous = ReadStatus(ref r, previous));
        }
    }

    private static ProcessStatus ReadStatus(ref Utf8JsonReader r, ProcessStatus? previous)
    {
        Expect(ref r, JsonTokenType.StartObject);
        Span<char> keyBuffer = stackalloc char[KeyBufferSize];
        string? name = null, state = null, group = null, description = null, health = null, info = null, spawnError = null,
            containment = null, stdoutLog = null, stderrLog = null;
        int? pid = null, exitCode = null, attempt = null;
        long? uptime = null, start = null, stop = null, restarts = null, nextStart = null, rss = null;
        bool? healthy = null, hasCheck = null, autostart = null, ready = null;
        double? cpuSeconds = null, cpuPercent = null, startTime = null;
        List<string>? lastOutput = null;
        while (NextKey(ref r))
        {
            var key = KeyText(r, keyBuffer);
            Next(ref r);
            switch (key)
            {
                case "name": name = Str(ref r); break;
                case "state": state = Str(ref r, previous?.State); break;
                case "pid": pid = Int(ref r); break;
                case "uptime": uptime = Long(ref r); break;
                case "healthy": healthy = Bool(ref r); break;
                case "group": group = Str(ref r, name); break;
                case "description": description = Str(ref r); break;
                case "has_healthcheck": hasCheck = Bool(ref r); break;
                case "health": health = Str(ref r); break;
                case "info": info = Str(ref r); break;
                case "exit_code": exitCode = Int(ref r); break;
                case "spawn_error": spawnError = Str(ref r); break;
                case "containment": containment = Str(ref r, previous?.Containment); break;
                case "start": start = Long(ref r); break;
                case "stop": stop = Long(ref r); break;
                case "stdout_logfile": stdoutLog = Str(ref r); break;
                case "stderr_logfile": stderrLog = Str(ref r); break;
                case "restarts": restarts = Long(ref r); break;
                case "attempt": attempt = Int(ref r); break;
                case "next_start": nextStart = Long(ref r); break;
                case "last_output": lastOutput = Array(ref r, StrItem) is { } lines ? [.. lines] : null; break;
                case "cpu_seconds": cpuSeconds = Double(ref r); break;
                case "cpu_percent": cpuPercent = Double(ref r); break;
                case "rss_bytes": rss = Long(ref r); break;
                case "start_time": startTime = Double(ref r); break;
                case "autostart": autostart = Bool(ref r); break;
                case "ready": ready = Bool(ref r); break;
                default: r.Skip(); break;
            }
        }
        return new ProcessStatus
        {
            Name = name ?? throw new JsonException("a process without a name"),
            State = state ?? throw new JsonException("a process without a state"),
            Pid = pid, Uptime = uptime, Healthy = healthy, Group = group, Description = description, HasHealthcheck = hasCheck,
            Health = health, Info = info, ExitCode = exitCode, SpawnError = spawnError, Containment = containment,
            Start = start, Stop = stop, StdoutLogfile = stdoutLog, StderrLogfile = stderrLog, Restarts = restarts,
            Attempt = attempt, NextStart = nextStart, LastOutput = lastOutput, CpuSeconds = cpuSeconds,
            CpuPercent = cpuPercent, RssBytes = rss, StartTime = startTime, Autostart = autostart, Ready = ready,
        };
    }

    private static ProcessResult ReadResult(ref Utf8JsonReader r)
    {
        Expect(ref r, JsonTokenType.StartObject);
        Span<char> keyBuffer = stackalloc char[KeyBufferSize];
        string? name = null, message = null, state = null;
        bool? ok = null;
        int? pid = null;
        while (NextKey(ref r))
        {
            var key = KeyText(r, keyBuffer);
            Next(ref r);
            switch (key)
            {
                case "name": name = Str(ref r); break;
                case "ok": ok = Bool(ref r); break;
                case "message": message = Str(ref r); break;
                case "state": state = Str(ref r); break;
                case "pid": pid = Int(ref r); break;
                default: r.Skip(); break;
            }
        }
        return new ProcessResult
        {
            Name = name ?? throw new JsonException("a result without a name"),
            Ok = ok ?? throw new JsonException("a result without ok"),
            Message = message, State = state, Pid = pid,
        };
    }

    private static DaemonStats ReadDaemon(ref Utf8JsonReader r)
    {
        Expect(ref r, JsonTokenType.StartObject);
        Span<char> keyBuffer = stackalloc char[KeyBufferSize];
        string? version = null;
        double? startTime = null;
        long? spawns = null, logErrors = null;
        while (NextKey(ref r))
        {
            var key = KeyText(r, keyBuffer);
            Next(ref r);
            switch (key)
            {
                case "version": version = Str(ref r); break;
                case "start_time": startTime = Double(ref r); break;
                case "spawns_total": spawns = Long(ref r); break;
                case "log_write_errors_total": logErrors = Long(ref r); break;
                default: r.Skip(); break;
            }
        }
        return new DaemonStats
        {
            Version = version ?? throw new JsonException("daemon stats without a version"),
            StartTime = startTime ?? throw new JsonException("daemon stats without start_time"),
            SpawnsTotal = spawns ?? throw new JsonException("daemon stats without spawns_total"),
            LogWriteErrorsTotal = logErrors ?? throw new JsonException("daemon stats without log_write_errors_total"),
        };
    }

    private delegate T Item<T>(ref Utf8JsonReader r);

    /// <summary>A JSON array (the reader on its StartArray) or null.</summary>
    private static ImmutableArray<T>? Array<T>(ref Utf8JsonReader r, Item<T> item)
    {
        if (r.TokenType == JsonTokenType.Null) return null;
        Expect(ref r, JsonTokenType.StartArray);
        var list = ImmutableArray.CreateBuilder<T>();
        while (true)
        {
            Next(ref r);
            if (r.TokenType == JsonTokenType.EndArray) return list.ToImmutable();
            list.Add(item(ref r));
        }
    }

    /// <summary>Longer than every key we know (a longer key is read as a string).</summary>
    private const int KeyBufferSize = 32;

    /// <summary>Moves the reader onto the object's next key; false at the object's end.</summary>
    private static bool NextKey(ref Utf8JsonReader r)
    {
        Next(ref r);
        return r.TokenType != JsonTokenType.EndObject;
    }

    /// <summary>The key the reader is on. A plain ASCII key is widened into <paramref name="buffer"/>, not allocated (800
    /// keys in a status of 100 processes, issue #16, M3); one with escapes or other characters is read as the serializer
    /// reads it.</summary>
    private static ReadOnlySpan<char> KeyText(in Utf8JsonReader r, Span<char> buffer)
        => !r.ValueIsEscaped && Ascii.ToUtf16(r.ValueSpan, buffer, out int n) == OperationStatus.Done ? buffer[..n] : r.GetString();

    private static string StrItem(ref Utf8JsonReader r) => r.TokenType == JsonTokenType.String ? Text(r) : throw Wrong(r);

    private static string? Str(ref Utf8JsonReader r)
        => r.TokenType switch { JsonTokenType.Null => null, JsonTokenType.String => Text(r), _ => throw Wrong(r) };

    /// <summary>As <see cref="Str(ref Utf8JsonReader)"/>, but <paramref name="likely"/> itself when the value spells it
    /// (a row's group is mostly its name, its state and containment mostly the row before's): not decoded again.</summary>
    private static string? Str(ref Utf8JsonReader r, string? likely)
        => likely is not null && r.TokenType == JsonTokenType.String && !r.ValueIsEscaped && Ascii.Equals(r.ValueSpan, likely) ? likely : Str(ref r);

    /// <summary>The string the reader is on. Plain ASCII (names, states, groups) is widened straight into the new string:
    /// GetString's general UTF-8 decoding took ~380 instructions a value (issue #16, M3).</summary>
    private static string Text(in Utf8JsonReader r)
    {
        var utf8 = r.ValueSpan;
        if (r.ValueIsEscaped || !Ascii.IsValid(utf8)) return r.GetString()!;
        return string.Create(utf8.Length, utf8, static (chars, ascii) => Ascii.ToUtf16(ascii, chars, out _));
    }

    private static bool? Bool(ref Utf8JsonReader r)
        => r.TokenType switch { JsonTokenType.Null => null, JsonTokenType.True => true, JsonTokenType.False => false, _ => throw Wrong(r) };

    private static int? Int(ref Utf8JsonReader r) => r.TokenType == JsonTokenType.Null ? null : r.GetInt32();

    private static long? Long(ref Utf8JsonReader r) => r.TokenType == JsonTokenType.Null ? null : r.GetInt64();

    private static double? Double(ref Utf8JsonReader r) => r.TokenType == JsonTokenType.Null ? null : r.GetDouble();

    private static void Next(ref Utf8JsonReader r)
    {
        if (!r.Read()) throw new JsonException("the reply ends early");
    }

    private static void Expect(ref Utf8JsonReader r, JsonTokenType type)
    {
        if (r.TokenType != type) throw Wrong(r);
    }

    private static JsonException Wrong(Utf8JsonReader r) => new($"unexpected {r.TokenType} in the reply");
}
