namespace Supervice.Rpc.Messages;

/// <summary>The one verb table: each command's wire spelling (case-sensitive, and also its `ctl` verb unless Ctl is
/// false), in the order the usage text lists them, with how many names the verb takes (null: any number). The wire parser, the client,
/// `ctl`'s argument rules and its usage text all read this table.</summary>
public static class RpcCommandNames
{
    public readonly record struct Verb(RpcCommand Command, string Name, int? MaxArguments = null, bool Ctl = true);

    public static readonly Verb[] Verbs =
    [
        new(RpcCommand.Status, "status"), new(RpcCommand.Start, "start"), new(RpcCommand.Stop, "stop"),
        new(RpcCommand.Restart, "restart"), new(RpcCommand.StartGroup, "startgroup", 1),
        new(RpcCommand.StopGroup, "stopgroup", 1), new(RpcCommand.Signal, "signal"), new(RpcCommand.Pid, "pid"),
        new(RpcCommand.Tail, "tail"), new(RpcCommand.MainTail, "maintail", 0), new(RpcCommand.Reload, "reload", 0),
        new(RpcCommand.Shutdown, "shutdown", 0), new(RpcCommand.Version, "version", 0),
        // supervisord's XML-RPC methods need these on the wire; they are not ctl verbs.
        new(RpcCommand.ConfigInfo, "configinfo", Ctl: false), new(RpcCommand.ReadLog, "readlog", Ctl: false),
        new(RpcCommand.ClearLog, "clearlog", Ctl: false), new(RpcCommand.Reread, "reread", Ctl: false),
        new(RpcCommand.AddGroup, "addgroup", Ctl: false), new(RpcCommand.RemoveGroup, "removegroup", Ctl: false),
    ];

    private static readonly string[] ByCommand = BuildByCommand();

    public static string ToWire(RpcCommand command) => ByCommand[(int)command];

    public static bool TryParse(string wire, out RpcCommand command)
    {
        foreach (var v in Verbs)
            if (v.Name == wire) { command = v.Command; return true; }
        command = default;
        return false;
    }

    public static Verb? Find(string name)
    {
        foreach (var v in Verbs) if (v.Name == name) return v;
        return null;
    }

    // Sized from the table, not Enum.GetValues: that reads the enum's metadata at run time (~60 K instructions of every ctl).
    private static string[] BuildByCommand()
    {
        int count = 0;
        foreach (var v in Verbs) count = Math.Max(count, (int)v.Command + 1);
        var names = new string[count];
        foreach (var v in Verbs) names[(int)v.Command] = v.Name;
        return names;
    }
}
