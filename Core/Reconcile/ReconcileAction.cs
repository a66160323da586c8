namespace Supervice.Core.Reconcile;

/// <summary>What startup reconciliation does with one recorded child.</summary>
public enum ReconcileAction
{
    /// <summary>Policy off, or the pid is gone: nothing to do, nothing to say.</summary>
    Skip,
    /// <summary>The pid is alive but its start token differs: a recycled pid, never touched.</summary>
    NotOurs,
    Warn,
    Kill,
}
