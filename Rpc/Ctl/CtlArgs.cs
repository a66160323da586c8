using System.Globalization;
using Supervice.Rpc.Messages;

namespace Supervice.Rpc.Ctl;

/// <summary>Lets `supervice ctl -s PATH --json status web` and `supervice ctl restart web --force` work as
/// documented in the README (as 0.4.1's client wrote them): options may come before the verb or anywhere
/// among its names; they are moved right after the verb, ahead of the names (the CLI framework reads options
/// only before the first name and takes everything after it as a name). `--` ends the options. An unknown or
/// missing verb, an unknown option, or an option without its value is a usage error (exit 2) instead of the
/// framework's help with exit 0 or a name `--force` that does not exist.</summary>
public static class CtlArgs
{
    /// <summary>The verbs, from the one verb table (<see cref="RpcCommandNames.Verbs"/>), in its order.</summary>
    public static string[] Verbs
    {
        get
        {
            var verbs = new List<string>();
            foreach (var v in RpcCommandNames.Verbs) if (v.Ctl) verbs.Add(v.Name);
            return [.. verbs];
        }
    }

    private enum Value { None, Text, Seconds, Count }

    private sealed record Option(string[] Names, Value Value = Value.None);

    // Plain arrays and a switch, no LINQ or Dictionary: every ctl process runs this class's static constructor (issue #16, M3).

    /// <summary>Accepted by every verb, before or after it.</summary>
    private static readonly Option[] Common =
        [new(["-c", "--config"], Value.Text), new(["-s", "--socket"], Value.Text), new(["--timeout"], Value.Seconds), new(["--json"])];

    private static readonly Option[] StatusOptions = [new(["--stats"])];
    private static readonly Option[] RestartOptions = [new(["--force"])];
    private static readonly Option[] TailOptions = [new(["-f", "--follow"]), new(["-n", "--lines"], Value.Count)];
    private static readonly Option[] ReloadOptions = [new(["--dry-run"])];

    /// <summary>Each verb's own options, as Program.cs declares them (a test compares this with each verb's --help).</summary>
    private static Option[] VerbOptions(string verb) => verb switch
    {
        "status" => StatusOptions,
        "restart" => RestartOptions,
        "tail" or "maintail" => TailOptions,
        "reload" => ReloadOptions,
        _ => [],
    };

    public static string UsageText =>
        "usage: supervice ctl [-c FILE | -s SOCKET] [--timeout SECONDS] [--json] VERB [ARGS]\n" +
        $"verbs: {string.Join(", ", Verbs)}\n" +
        "       (supervice ctl VERB --help for each)";

    public readonly record struct Result(string[] Args, string? Error);

    /// <summary>Every option name a verb accepts (the common ones first).</summary>
    public static IEnumerable<string> OptionNames(string verb) => Common.Concat(VerbOptions(verb)).SelectMany(o => o.Names);

    public static Result Normalize(string[] args)
    {
        // args[0] == "ctl"
        var options = new List<string>();
        int i = 1;
        while (i < args.Length && args[i].StartsWith('-'))
        {
            if (args[i] is "-h" or "--help") return new(args, null);
            if (Take(args, ref i, [], options, "supervice ctl") is { } error) return new(args, error);
        }
        if (i >= args.Length) return new(args, $"supervice ctl: missing verb\n{UsageText}");
        var verb = args[i++];
        if (RpcCommandNames.Find(verb) is not { Ctl: true } found) return new(args, $"supervice ctl: unknown verb '{verb}'\n{UsageText}");

        var own = VerbOptions(verb);
        var names = new List<string>();
        while (i < args.Length)
        {
            var a = args[i];
            if (a == "--") { names.AddRange(args[(i + 1)..]); break; }
            if (a is "-h" or "--help") return new(["ctl", verb, "--help"], null);
            if (a.Length < 2 || a[0] != '-') { names.Add(a); i++; continue; }
            if (Take(args, ref i, own, options, $"supervice ctl {verb}") is { } error) return new(args, error);
        }
        // The framework would answer an extra argument with exit 1 and its help; a usage error is clearer.
        if (found.MaxArguments is { } max && names.Count > max)
            return new(args, max == 0
                ? $"supervice ctl {verb}: takes no arguments, got '{string.Join(' ', names)}'\n{UsageText}"
                : $"supervice ctl {verb}: takes one GROUP, got {names.Count}: '{string.Join(' ', names)}'\n{UsageText}");
        if (names.Count > 0 && names[0].StartsWith('-'))
            return new(args, $"supervice ctl {verb}: a NAME cannot start with '-': '{names[0]}'\n{UsageText}");
        return new([.. (string[])["ctl", verb], .. options, .. names], null);
    }

    /// <summary>Moves the option at args[i] (and its value: `-n 5` or `--lines=5`), one of the common ones or of `own`,
    /// to `into`; the error text otherwise.</summary>
    private static string? Take(string[] args, ref int i, Option[] own, List<string> into, string who)
    {
        var a = args[i];
        string name = a;
        string? value = null;
        int eq = a.IndexOf('=');
        if (a.StartsWith("--", StringComparison.Ordinal) && eq > 2) { name = a[..eq]; value = a[(eq + 1)..]; }
        var option = Lookup(Common, name) ?? Lookup(own, name);
        if (option is null) return $"{who}: unknown option '{name}'\n{UsageText}";
        if (option.Value == Value.None)
        {
            if (value is not null) return $"{who}: option {name} takes no value\n{UsageText}";
            into.Add(name);
            i++;
            return null;
        }
        if (value is null)
        {
            if (i + 1 >= args.Length) return $"{who}: option {name} needs a value\n{UsageText}";
            value = args[i + 1];
            i += 2;
        }
        else i++;
        switch (option.Value)
        {
            case Value.Seconds when !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) || !double.IsFinite(s) || s < 0:
                return $"{who}: option {name} needs a number of seconds, not '{value}'";
            case Value.Count when !int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _):
                return $"{who}: option {name} needs a whole number, not '{value}'";
        }
        into.Add(name);
        into.Add(value);
        return null;
    }

    private static Option? Lookup(Option[] options, string name)
    {
        foreach (var o in options) if (Array.IndexOf(o.Names, name) >= 0) return o;
        return null;
    }
}
