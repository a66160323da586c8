using Supervice.Rpc.Messages;
namespace Supervice.Rpc.Server;

/// <summary>The seam between the socket and the supervisor: the server parses and validates a frame into an
/// <see cref="RpcRequest"/> and serializes whatever comes back; the backend (the Supervisor's event loop)
/// only decides. Both methods are called from thread-pool threads, concurrently for concurrent clients:
/// post the request to the loop and await its reply there — never mutate state on the caller's thread.
///
/// Contract for replies (see README "RPC protocol"):
/// <list type="bullet">
/// <item>status: <see cref="RpcReply.StatusOf"/>; with Names, only the processes they address.</item>
/// <item>start/stop/restart/startgroup/stopgroup/signal/pid with names: one <see cref="ProcessResult"/> per
///   resolved process in `results`, plus `status` ("error" if any failed) and `message` as 0.4.1 wrote it
///   (`Started web`, `web is already running`, `web failed to start (state: FATAL)`, `Stopped web`,
///   `Restarted web`, `Started group g`, `Started group g, but failed for: a, b`); 0.4.1's client
///   prints only `message`, and sends a single `name` (<see cref="RpcRequest.LegacyName"/>).</item>
/// <item>names that address nothing: <see cref="RpcReply.NoSuchName"/> (message `Process not found` /
///   `Group not found` for a legacy request), before acting on any process.</item>
/// <item>reload: Added/Removed/Changed (sorted) and Restarted; with DryRun, the plan and DryRun=true;
///   a broken file: <see cref="RpcReply.Fail"/>(`Reload failed: ...`).</item>
/// <item>pid without names: Pid = the daemon's pid; version: Version; shutdown: Ok("Shutting down"), then
///   begin the shutdown (the reply is written before the socket goes away).</item>
/// <item>tail/maintail without Follow: Data = the last Lines lines.</item>
/// </list>
/// An exception from the backend becomes INTERNAL_ERROR `Internal error` (its text is logged, never sent).</summary>
public interface IRpcBackend
{
    /// <summary>Answers one request (every command; for tail/maintail only when not following).</summary>
    ValueTask<RpcReply> HandleAsync(RpcRequest request, CancellationToken ct);

    /// <summary>A following tail/maintail (<see cref="RpcRequest.IsStreaming"/>): the first reply is the answer
    /// (the last Lines lines, or an error, which ends the stream), then one <see cref="RpcReply.Chunk"/> per new
    /// output. Subscribe before taking the backlog so nothing falls between. `ct` is cancelled when the client
    /// closes the connection or the server stops; end the sequence then.</summary>
    IAsyncEnumerable<RpcReply> StreamAsync(RpcRequest request, CancellationToken ct);

    /// <summary>Bumped on every state change and every command (the dashboard's live updates); null: never changes.</summary>
    ChangeFeed? Changes => null;
}
