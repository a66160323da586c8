namespace Supervice.Config.Model;

/// <summary>`backoff = linear` (1 s, 2 s, 3 s …) or `exponential` (README: Service dependencies and readiness).</summary>
public enum BackoffKind { Linear, Exponential }

/// <summary>The restart delay policy: `backoff`, `backoff_initial`, `backoff_multiplier`, `backoff_max` (seconds) and
/// `backoff_reset_after` (seconds RUNNING after which a crash counts as the first again).</summary>
public sealed record BackoffSpec(BackoffKind Kind, double Initial = 1, double Multiplier = 2, int Max = 30, int ResetAfter = 60)
{
    public static readonly BackoffSpec Default = new(BackoffKind.Linear);
}
