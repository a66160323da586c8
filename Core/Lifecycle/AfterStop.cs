namespace Supervice.Core.Lifecycle;

/// <summary>What a process does once the stop in progress has reaped its child.</summary>
public enum AfterStop { Stay, Start, Backoff, Fatal }
