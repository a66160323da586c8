using Supervice.Rpc.Messages;
namespace Supervice.Rpc.Ctl;

/// <summary>ctl's exit codes, as supervisorctl 4.x (scripts rely on them): 0 ok, 1 failure, 2 bad arguments,
/// 3 status shows a STOPPED/EXITED/FATAL process, 4 no such process/group or daemon unreachable,
/// 7 not running (a start that failed, pid/signal of a stopped process). A request refused because the daemon is
/// shutting down is 1 whatever the verb (README: Security): the process did not fail, the daemon declined.</summary>
public static class CtlExit
{
    public const int Ok = 0, Failure = 1, Usage = 2, NotAllRunning = 3, NoSuchName = 4, Unreachable = 4, NotRunning = 7;

    private static readonly string[] FailedStartStates = ["FATAL", "BACKOFF", "EXITED", "STOPPED"];

    public static int For(RpcCommand command, RpcReply reply)
    {
        if (reply.Code == RpcErrorCode.ShuttingDown) return Failure;
        if (reply.NotFound is { } nf && (nf.Length > 0 || !reply.IsOk)) return NoSuchName;
        switch (command)
        {
            case RpcCommand.Status:
                if (!reply.IsOk) return Failure;
                foreach (var p in reply.Processes ?? []) if (p.State is "STOPPED" or "EXITED" or "FATAL") return NotAllRunning;
                return Ok;
            case RpcCommand.Start or RpcCommand.StartGroup:
                if (reply.IsOk && AllOk(reply)) return Ok;
                return AnyFailed(reply, r => r.State is null || FailedStartStates.Contains(r.State)) ? NotRunning : Failure;
            case RpcCommand.Signal:
                if (reply.IsOk && AllOk(reply)) return Ok;
                return AnyFailed(reply, r => r.State is not null && r.State is not ("RUNNING" or "STARTING" or "STOPPING" or "UNHEALTHY")) ? NotRunning : Failure;
            case RpcCommand.Pid:
                if (!reply.IsOk) return Failure;
                return reply.Results is { } rs && rs.Any(r => r.Pid is null or 0) ? NotRunning : Ok;
            default:
                return reply.IsOk && AllOk(reply) ? Ok : Failure;
        }
    }

    private static bool AllOk(RpcReply reply) => reply.Results is not { } rs || rs.All(r => r.Ok);

    private static bool AnyFailed(RpcReply reply, Func<ProcessResult, bool> how)
        => reply.Results is { } rs && rs.Any(r => !r.Ok && how(r));
}
