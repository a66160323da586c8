namespace Supervice.Rpc.Http;

/// <summary>Tunables of the HTTP side of the control socket; the defaults are the contract (README: HTTP and XML-RPC).</summary>
public sealed record HttpServerOptions
{
    /// <summary>From a request's first byte to its last (and, on a new connection, to its first).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>A keep-alive connection with no request in flight is closed after this long.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Credentials every request must carry (over TCP when `[inet_http_server]` sets a username); null: none.</summary>
    public BasicAuth? Auth { get; init; }

    /// <summary>A client address whose credentials failed is logged at most once per this interval.</summary>
    public TimeSpan AuthLogInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>`GET /logtail/NAME` and `/mainlogtail` first send the last this many bytes (supervisord: 1024).</summary>
    public int LogtailBytes { get; init; } = 1024;

    public Action<bool, string>? Log { get; init; }

    /// <summary>Schedules a deadline on the daemon's own timers (see RpcServerOptions.Schedule).</summary>
    public Func<TimeSpan, Action, IDisposable>? Schedule { get; init; }
}
