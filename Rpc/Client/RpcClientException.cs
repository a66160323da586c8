namespace Supervice.Rpc.Client;

/// <summary>The daemon could not be asked; <see cref="Exception.Message"/> is for the user, ExitCode for ctl.</summary>
public sealed class RpcClientException(string message, int exitCode) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
