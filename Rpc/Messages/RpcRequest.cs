using System.Collections.Immutable;

namespace Supervice.Rpc.Messages;

/// <summary>A validated request. <see cref="Names"/> holds what the client addressed — process, program,
/// `GROUP:*` / `GROUP:`, or `all` — unresolved: the backend resolves names against its table.
/// For startgroup/stopgroup it holds the group name.</summary>
public sealed record RpcRequest(RpcCommand Command)
{
    public ImmutableArray<string> Names { get; init; } = [];

    /// <summary>The request used the single `name` field of 0.4.1's client: the reply must carry the `message`
    /// text that client prints, e.g. `Started web`, `Process not found` (docs/ARCHITECTURE.md, Compatibility).</summary>
    public bool LegacyName { get; init; }

    public bool Force { get; init; }                    // restart: SIGKILL instead of the stop signal
    public int Signal { get; init; }                    // signal: the number (names are resolved by the parser)
    public TailStream Stream { get; init; } = TailStream.Stdout;
    public int Lines { get; init; } = DefaultLines;
    public bool Follow { get; init; }                   // tail/maintail: keep streaming frames until the client closes
    public bool DryRun { get; init; }                   // reload: compute the plan, apply nothing
    /// <summary>status: also fill the times and log paths supervisord's getProcessInfo reports.</summary>
    public bool Detail { get; init; }
    /// <summary>status: also CPU, RSS, restarts and readiness per process and the daemon's counters (ctl status --stats, /metrics).</summary>
    public bool Stats { get; init; }
    /// <summary>readlog/clearlog without names: the daemon's own log. readlog: Offset &lt; 0 reads the last -Offset
    /// bytes; otherwise Length bytes from Offset (0: to the end). A following tail with Offset &lt; 0 starts with the
    /// last -Offset bytes instead of the last Lines lines.</summary>
    public long Offset { get; init; }
    public long Length { get; init; }

    public const int DefaultLines = 20;
    public const int MaxLines = 100_000;
    public const int MaxTailBytes = 1024 * 1024;

    /// <summary>Answered with a sequence of frames (<see cref="Server.IRpcBackend.StreamAsync"/>) rather than one.</summary>
    public bool IsStreaming => Follow && Command is RpcCommand.Tail or RpcCommand.MainTail;
}
