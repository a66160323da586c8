namespace Supervice.Rpc.Messages;

/// <summary>The outcome for one process of start/stop/restart/startgroup/stopgroup/signal/pid.
/// <see cref="Message"/> is short and printed as `web: ERROR (message)` when not ok, e.g. `spawn error`.</summary>
public sealed record ProcessResult
{
    public required string Name { get; init; }
    public required bool Ok { get; init; }
    public string? Message { get; init; }
    public string? State { get; init; }                 // the state after the operation
    public int? Pid { get; init; }                      // pid command: 0 when not running
}
