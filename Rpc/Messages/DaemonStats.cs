namespace Supervice.Rpc.Messages;

/// <summary>The daemon's own numbers in a `status` reply asked with Stats (README: Web dashboard, JSON API, metrics and probes).</summary>
public sealed record DaemonStats
{
    public required string Version { get; init; }
    public required double StartTime { get; init; }     // unix seconds
    public required long SpawnsTotal { get; init; }
    public required long LogWriteErrorsTotal { get; init; }
}
