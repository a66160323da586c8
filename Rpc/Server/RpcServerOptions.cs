namespace Supervice.Rpc.Server;

/// <summary>Tunables of <see cref="RpcServer"/>; the defaults are the limits the README's Security section promises.</summary>
public sealed record RpcServerOptions
{
    /// <summary>Peers in this group (primary or supplementary) are allowed, besides root and the daemon's uid:
    /// the group of `socket_owner`.</summary>
    public uint? AllowedGid { get; init; }

    /// <summary>`socket_owner` resolved: the socket node is given this owner before it listens; null: left as created.</summary>
    public (uint Uid, uint Gid)? SocketOwner { get; init; }

    /// <summary>Connections served at once; up to as many more get a short grace to send a complete request, then
    /// TOO_MANY_CONNECTIONS.</summary>
    public int MaxConnections { get; init; } = 64;

    /// <summary>A client must have sent its whole request within this time.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>A refused peer's uid is logged at most once per this interval (its later refusals are counted into the
    /// next line); accept failures likewise.</summary>
    public TimeSpan RefusalLogInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Bound on each step of probing an existing socket file (connect, then a status round trip).</summary>
    public TimeSpan ProbeTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Warnings and debug lines (the daemon wires its logger here): (isWarning, text).</summary>
    public Action<bool, string>? Log { get; init; }

    /// <summary>`[inet_http_server]`: also serve HTTP on this TCP address (Basic auth when it has a username).</summary>
    public Config.Model.InetHttpServer? Inet { get; init; }

    /// <summary>The HTTP side of the socket (README: HTTP and XML-RPC); Log and Schedule default to the ones above.</summary>
    public Http.HttpServerOptions Http { get; init; } = new();

    /// <summary>Schedules a request deadline (cancel the returned handle when the request is done). The daemon passes
    /// its event loop's timers, which drop a cancelled deadline at once; .NET's timer thread would still wake for it.</summary>
    public Func<TimeSpan, Action, IDisposable>? Schedule { get; init; }
}
