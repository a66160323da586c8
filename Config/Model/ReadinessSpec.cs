namespace Supervice.Config.Model;

/// <summary>When STARTING becomes RUNNING (README: Service dependencies and readiness).</summary>
public enum ReadinessKind { StartSecs, Notify, Fd, Log, Health }

/// <summary>`readiness`, `ready_timeout` and `watchdog_sec`. Fd is N of `fd:N`; Text is TEXT of `log:TEXT`.</summary>
public sealed record ReadinessSpec(ReadinessKind Kind, int Fd = 0, string? Text = null, int TimeoutSecs = 90, int WatchdogSecs = 0)
{
    public static readonly ReadinessSpec Default = new(ReadinessKind.StartSecs);
}
