namespace Supervice.Rpc.Ctl;

/// <summary>Lets `supervice ctl -s PATH --json status web` work as documented: options written before the
/// verb are moved after it (the CLI framework only reads options after the command name), and an
/// unknown or missing verb is a usage error (exit 2) instead of the framework's help with exit 0.</summary>
public static class CtlArgs
{
    public static readonly string[] Verbs =
        ["status", "start", "stop", "restart", "startgroup", "stopgroup", "signal", "pid", "tail", "maintail", "reload", "shutdown", "version"];

    private static readonly string[] ValueOptions = ["-c", "--config", "-s", "--socket", "--timeout"];
    private static readonly string[] FlagOptions = ["--json"];

    public const string UsageText =
        "usage: supervice ctl [-c FILE | -s SOCKET] [--timeout SECONDS] [--json] VERB [ARGS]\n" +
        "verbs: status, start, stop, restart, startgroup, stopgroup, signal, pid, tail, maintail, reload, shutdown, version\n" +
        "       (supervice ctl VERB --help for each)";

    public readonly record struct Result(string[] Args, string? Error);

    public static Result Normalize(string[] args)
    {
        // args[0] == "ctl"
        var leading = new List<string>();
        int i = 1;
        while (i < args.Length && args[i].StartsWith('-'))
        {
            var a = args[i];
            if (a is "-h" or "--help") return new(args, null);
            if (Array.IndexOf(FlagOptions, a) >= 0) { leading.Add(a); i++; continue; }
            if (Array.IndexOf(ValueOptions, a) >= 0)
            {
                if (i + 1 >= args.Length) return new(args, $"supervice ctl: option {a} needs a value\n{UsageText}");
                leading.Add(a); leading.Add(args[i + 1]); i += 2; continue;
            }
            return new(args, $"supervice ctl: unknown option '{a}'\n{UsageText}");
        }
        if (i >= args.Length) return new(args, $"supervice ctl: missing verb\n{UsageText}");
        var verb = args[i];
        if (Array.IndexOf(Verbs, verb) < 0) return new(args, $"supervice ctl: unknown verb '{verb}'\n{UsageText}");
        var result = new List<string>(args.Length) { "ctl", verb };
        result.AddRange(leading);
        for (int j = i + 1; j < args.Length; j++) result.Add(args[j]);
        return new(result.ToArray(), null);
    }
}
