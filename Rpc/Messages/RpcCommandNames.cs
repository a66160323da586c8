namespace Supervice.Rpc.Messages;

/// <summary>The wire spelling of each command (case-sensitive, as the original).</summary>
public static class RpcCommandNames
{
    private static readonly string[] Names =
        ["status", "start", "stop", "restart", "startgroup", "stopgroup", "reload",
         "signal", "pid", "tail", "maintail", "shutdown", "version",
         "configinfo", "readlog", "clearlog", "reread", "addgroup", "removegroup"];

    public static string ToWire(RpcCommand command) => Names[(int)command];

    public static bool TryParse(string wire, out RpcCommand command)
    {
        int i = Array.IndexOf(Names, wire);
        command = (RpcCommand)Math.Max(i, 0);
        return i >= 0;
    }
}
