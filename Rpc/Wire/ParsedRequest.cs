using Supervice.Rpc.Messages;
namespace Supervice.Rpc.Wire;

/// <summary>Either a valid request or the error reply to send instead.</summary>
public readonly record struct ParsedRequest(RpcRequest? Request, RpcReply? Error)
{
    public static ParsedRequest Invalid(string message) => new(null, RpcReply.Error(RpcErrorCode.InvalidRequest, message));
}
