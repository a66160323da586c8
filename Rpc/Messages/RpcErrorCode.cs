namespace Supervice.Rpc.Messages;

/// <summary>Protocol-level error codes (`code` field). Command-level errors carry no code (0.4.1's clients read only `message`).</summary>
public static class RpcErrorCode
{
    public const string EmptyRequest = "EMPTY_REQUEST";
    public const string InvalidJson = "INVALID_JSON";
    public const string InvalidRequest = "INVALID_REQUEST";
    public const string UnknownCommand = "UNKNOWN_COMMAND";
    public const string InternalError = "INTERNAL_ERROR";
    // Added by this implementation.
    public const string PermissionDenied = "PERMISSION_DENIED";
    public const string TooManyConnections = "TOO_MANY_CONNECTIONS";
    public const string Timeout = "TIMEOUT";
    public const string ShuttingDown = "SHUTTING_DOWN";   // start, restart, signal, reload after shutdown began (README: Security)
}
