using System.Collections.Immutable;

namespace Supervice.Rpc.Messages;

/// <summary>One process of the configuration as supervisord's getAllConfigInfo reports it (the last file read:
/// after a reread, the new one). InUse: its group is active in the daemon.</summary>
public sealed record ProcessConfigInfo
{
    public required string Name { get; init; }
    public required string Group { get; init; }
    public int GroupPriority { get; init; }
    public int ProcessPriority { get; init; }
    public bool InUse { get; init; }
    public bool AutoStart { get; init; }
    public required string Command { get; init; }
    public string? Directory { get; init; }
    public string? User { get; init; }
    public ImmutableArray<int> ExitCodes { get; init; } = [];
    public bool KillAsGroup { get; init; }
    public bool RedirectStderr { get; init; }
    public int StartRetries { get; init; }
    public int StartSecs { get; init; }
    public int StopSignal { get; init; }
    public int StopWaitSecs { get; init; }
    public string? StdoutLogfile { get; init; }
    public long StdoutLogfileMaxBytes { get; init; }
    public int StdoutLogfileBackups { get; init; }
    public string? StderrLogfile { get; init; }
    public long StderrLogfileMaxBytes { get; init; }
    public int StderrLogfileBackups { get; init; }
}
