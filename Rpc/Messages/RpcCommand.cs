namespace Supervice.Rpc.Messages;

/// <summary>Every command of the protocol. The first seven are 0.4.1's (same wire names); the rest only add.</summary>
public enum RpcCommand
{
    Status, Start, Stop, Restart, StartGroup, StopGroup, Reload,
    Signal, Pid, Tail, MainTail, Shutdown, Version,
    // supervisord's XML-RPC needs these (README: HTTP and XML-RPC); the JSON protocol accepts them too.
    ConfigInfo, ReadLog, ClearLog, Reread, AddGroup, RemoveGroup,
}
