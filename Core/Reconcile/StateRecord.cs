using Supervice.Config.Model;

namespace Supervice.Core.Reconcile;

/// <summary>One live child as the state file remembers it (0.4.1's record shape).</summary>
public sealed record StateRecord(string Name, int Pid, int Pgid, string Token, bool PdeathSig, ReconcilePolicy Reconcile);
