namespace Supervice.Rpc.Server;

/// <summary>The server could not start; the message is for the user as is.</summary>
public sealed class RpcServerException(string message) : Exception(message);
