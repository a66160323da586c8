namespace Supervice.Config.Model;

/// <summary>healthcheck_* options (seconds). Type None: no checks.</summary>
public sealed record HealthCheckSpec
{
    public HealthCheckType Type { get; init; } = HealthCheckType.None;
    public int Interval { get; init; } = 30;
    public int Timeout { get; init; } = 10;
    public int Retries { get; init; } = 3;
    public int StartPeriod { get; init; } = 10;
    public string Host { get; init; } = "127.0.0.1";
    public int Port { get; init; }
    public string? Command { get; init; }
    public string? Url { get; init; }

    public static readonly HealthCheckSpec None = new();
}
