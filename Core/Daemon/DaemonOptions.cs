namespace Supervice.Core.Daemon;

/// <summary>The daemon's command-line options.</summary>
public sealed record DaemonOptions(string? Config, bool NoDaemon, string? LogFile, string? LogLevel);
