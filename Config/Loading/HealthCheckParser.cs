using Supervice.Config.Model;

namespace Supervice.Config.Loading;

/// <summary>`healthcheck_*` options → HealthCheckSpec. Rules apply only when the type is not none, except that
/// the port is parsed always (as 0.4.1 did).</summary>
internal sealed partial class HealthCheckParser(SectionReader r)
{
    public HealthCheckSpec Parse(int numprocs)
    {
        var port = r.Int("healthcheck_port", 0);
        var typeText = r.String("healthcheck_type")?.Trim().ToLowerInvariant() ?? "none";
        HealthCheckType? type = typeText switch
        {
            "none" or "" => HealthCheckType.None,
            "tcp" => HealthCheckType.Tcp,
            "script" => HealthCheckType.Script,
            "http" => HealthCheckType.Http,
            _ => null,
        };
        if (type is null)
        {
            r.Error("healthcheck_type", $"invalid healthcheck_type '{typeText}' (expected one of: none, tcp, script, http)");
            return HealthCheckSpec.None;
        }
        if (type == HealthCheckType.None) return HealthCheckSpec.None;
        var spec = new HealthCheckSpec
        {
            Type = type.Value,
            Interval = r.Int("healthcheck_interval", 30, 1, "healthcheck_interval must be at least 1"),
            Timeout = r.Int("healthcheck_timeout", 10, 0),
            Retries = r.Int("healthcheck_retries", 3, 0),
            StartPeriod = r.Int("healthcheck_start_period", 10, 0),
            Host = r.String("healthcheck_host")?.Trim() is { Length: > 0 } h ? h : "127.0.0.1",
            Port = port,
            Command = r.String("healthcheck_command"),
            Url = r.String("healthcheck_url")?.Trim(),
        };
        switch (spec.Type)
        {
            case HealthCheckType.Tcp when !r.Has("healthcheck_port"):
                r.Error("healthcheck_port", "healthcheck_port is required for TCP health checks");
                break;
            case HealthCheckType.Tcp when port is < 1 or > 65535:
                r.Error("healthcheck_port", "healthcheck_port must be between 1 and 65535");
                break;
            case HealthCheckType.Tcp when numprocs > 1:
                r.Warning("healthcheck_port", $"numprocs={numprocs} with a TCP health check: all instances will probe the same port {port}; use %(process_num)s in the command to give each instance its own port");
                break;
            case HealthCheckType.Script when string.IsNullOrWhiteSpace(spec.Command):
                r.Error("healthcheck_command", "healthcheck_command required for script checks");
                break;
            case HealthCheckType.Http when string.IsNullOrEmpty(spec.Url):
                r.Error("healthcheck_url", "healthcheck_url is required for HTTP health checks");
                break;
            case HealthCheckType.Http when !HttpUrl.TryParse(spec.Url, out _):
                r.Error("healthcheck_url", $"invalid healthcheck_url '{spec.Url}' (expected http://host[:port]/path)");
                break;
        }
        return spec;
    }
}
