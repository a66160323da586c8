using Supervice.Core.Lifecycle;

namespace Supervice.Core.Engine;

public enum OpFailure { None, NotFound, NotRunning, Failed, BadArgument, ShuttingDown }

/// <summary>The outcome of an operation on one process (start, stop, restart, signal), for the RPC reply.</summary>
public sealed record OpResult(string Name, bool Ok, string Message, ProcessState State, OpFailure Failure = OpFailure.None)
{
    public static OpResult Success(ManagedProcess p, string message) => new(p.Name, true, message, p.State.State);
    public static OpResult Refused(ManagedProcess p) => new(p.Name, false, Supervisor.ShuttingDownMessage, p.State.State, OpFailure.ShuttingDown);
    public static OpResult Fail(ManagedProcess p, string message, OpFailure failure = OpFailure.Failed) => new(p.Name, false, message, p.State.State, failure);
}
