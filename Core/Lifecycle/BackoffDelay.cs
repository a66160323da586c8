using Supervice.Config.Model;

namespace Supervice.Core.Lifecycle;

/// <summary>How long BACKOFF waits before attempt N+1 (README: Service dependencies and readiness). Pure: the jitter (0 ≤ j &lt; 1) comes with the event.</summary>
public static class BackoffDelay
{
    public const double MaxJitter = 0.10;

    /// <summary>Linear: N seconds up to backoff_max. Exponential: initial × multiplier^(N−1) up to backoff_max, plus up
    /// to 10 % jitter so that processes failing together do not retry together.</summary>
    public static long Milliseconds(BackoffSpec spec, int attempt, double jitter)
    {
        attempt = Math.Max(1, attempt);
        double seconds = spec.Kind == BackoffKind.Linear
            ? Math.Min(attempt, spec.Max)
            : Math.Min(spec.Initial * Math.Pow(spec.Multiplier, Math.Min(attempt - 1, 1000)), spec.Max);
        if (double.IsNaN(seconds) || double.IsInfinity(seconds)) seconds = spec.Max;
        if (spec.Kind == BackoffKind.Exponential) seconds *= 1 + MaxJitter * Math.Clamp(jitter, 0, 1);
        return (long)Math.Round(seconds * 1000);
    }
}
