namespace Supervice.Core.Reconcile;

/// <summary>The verdict for one record and the reason the log line gives.</summary>
public readonly record struct ReconcileDecision(ReconcileAction Action, string Reason);
