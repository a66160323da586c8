using Supervice.Config.Model;
namespace Supervice.Config.Loading.Services;

/// <summary>`readiness = startsecs | notify | fd:N | log:TEXT | health`, `ready_timeout`, `watchdog_sec` (README: Service dependencies and readiness).</summary>
internal static class ReadinessParser
{
    private const int MaxFd = 1023;

    public static ReadinessSpec Parse(SectionReader r, HealthCheckSpec health)
    {
        int timeout = r.Int("ready_timeout", 90, 1, "ready_timeout must be at least 1");
        int watchdog = r.Int("watchdog_sec", 0, 0);
        var raw = r.String("readiness")?.Trim();
        ReadinessSpec spec;
        if (string.IsNullOrEmpty(raw) || raw.Equals("startsecs", StringComparison.OrdinalIgnoreCase)) spec = ReadinessSpec.Default;
        else if (raw.Equals("notify", StringComparison.OrdinalIgnoreCase)) spec = new(ReadinessKind.Notify);
        else if (raw.Equals("health", StringComparison.OrdinalIgnoreCase))
        {
            if (health.Type == HealthCheckType.None) r.Error("readiness", "readiness = health needs a health check (set healthcheck_type)");
            spec = new(ReadinessKind.Health);
        }
        else if (raw.StartsWith("fd:", StringComparison.OrdinalIgnoreCase))
        {
            var n = ValueParser.Int(raw[3..].Trim());
            if (n is not (>= 3 and <= MaxFd)) r.Error("readiness", $"invalid readiness '{raw}' (fd:N needs a descriptor number from 3 to {MaxFd})");
            spec = new(ReadinessKind.Fd, Fd: n ?? 0);
        }
        else if (raw.StartsWith("log:", StringComparison.OrdinalIgnoreCase))
        {
            var text = raw[4..];
            if (text.Length == 0) r.Error("readiness", "readiness = log:TEXT needs the text to wait for");
            spec = new(ReadinessKind.Log, Text: text);
        }
        else
        {
            r.Error("readiness", $"invalid readiness '{raw}' (expected startsecs, notify, fd:N, log:TEXT or health)");
            spec = ReadinessSpec.Default;
        }
        if (watchdog > 0 && spec.Kind != ReadinessKind.Notify)
            r.Error("watchdog_sec", "watchdog_sec needs readiness = notify (the child pings with WATCHDOG=1)");
        return spec with { TimeoutSecs = timeout, WatchdogSecs = watchdog };
    }
}
