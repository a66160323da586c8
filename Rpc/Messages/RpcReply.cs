using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace Supervice.Rpc.Messages;

/// <summary>Every reply is this one flat object; absent (null) fields are not written, so each command's
/// reply has exactly 0.4.1's keys plus the added ones. Key order: status, code, message first.
/// Build replies with the factories; `status` is "ok" or "error".</summary>
public sealed record RpcReply
{
    public const string StatusOk = "ok";
    public const string StatusError = "error";

    public required string Status { get; init; }
    public string? Code { get; init; }                  // protocol errors (RpcErrorCode); for reread/addgroup/removegroup, supervisord's fault name
    public string? Message { get; init; }
    public ImmutableArray<ProcessStatus>? Processes { get; init; }      // status
    public ImmutableArray<ProcessResult>? Results { get; init; }        // start/stop/restart/groups/signal/pid
    public ImmutableArray<string>? NotFound { get; init; }              // names that matched no process or group
    public ImmutableArray<string>? Added { get; init; }                 // reload
    public ImmutableArray<string>? Removed { get; init; }
    public ImmutableArray<string>? Changed { get; init; }
    public ImmutableArray<string>? Restarted { get; init; }
    public bool? DryRun { get; init; }
    public int? Pid { get; init; }                                      // pid without names: the daemon's pid
    public string? Version { get; init; }                               // version
    public string? Data { get; init; }                                  // tail/maintail: raw text (one chunk per frame when following)
    public ImmutableArray<ProcessConfigInfo>? ConfigInfo { get; init; } // configinfo
    public long? Offset { get; init; }                                  // readlog: the log's end offset after this read
    public DaemonStats? Daemon { get; init; }                           // status with Stats

    [JsonIgnore]
    public bool IsOk => Status == StatusOk;

    public static RpcReply Ok(string? message = null) => new() { Status = StatusOk, Message = message };

    /// <summary>A command-level error: no code, as 0.4.1's clients expect (`Process not found`).</summary>
    public static RpcReply Fail(string message) => new() { Status = StatusError, Message = message };

    /// <summary>A protocol-level error with one of <see cref="RpcErrorCode"/>.</summary>
    public static RpcReply Error(string code, string message) => new() { Status = StatusError, Code = code, Message = message };

    /// <summary>Some names matched nothing (ctl exits 4). The original's client expects `Process not found` /
    /// `Group not found` as the message when it sent a single `name`.</summary>
    public static RpcReply NoSuchName(ImmutableArray<string> names, string? message = null) => new()
    {
        Status = StatusError,
        Message = message ?? $"No such process or group: {string.Join(", ", names)}",
        NotFound = names,
    };

    public static RpcReply StatusOf(ImmutableArray<ProcessStatus> processes) => new() { Status = StatusOk, Processes = processes };

    public static RpcReply Chunk(string data) => new() { Status = StatusOk, Data = data };
}
