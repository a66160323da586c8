using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Supervice.Core.Native;
using Supervice.Core.Native.Streams;
using Supervice.Core.Native.Processes;
using Supervice.Rpc.Messages;

namespace Supervice.Rpc.Ctl;

/// <summary>The ctl verbs: check the arguments (exit 2), build a request, and say how to print its answer.
/// Names are sent as typed; the daemon resolves process, program, GROUP:*, GROUP: and all.</summary>
public static class CtlVerbs
{
    public static int Status(CtlOptions o, string[] names, bool stats = false)
        => CtlSession.Run(o, new RpcRequest(RpcCommand.Status) { Names = [.. names], Stats = stats },
            r => r.IsOk ? CtlText.Utf8(StatusTable.Write(r.Processes ?? [], color: Libc.isatty(1) == 1)) : CtlSession.ProcessLines(r, ""));

    public static int Start(CtlOptions o, string[] names) => Act(o, RpcCommand.Start, names, "started");

    public static int Stop(CtlOptions o, string[] names) => Act(o, RpcCommand.Stop, names, "stopped");

    public static int Restart(CtlOptions o, string[] names, bool force)
    {
        if (names.Length == 0) return CliOutput.Usage("supervice ctl restart: give at least one NAME (process, program, GROUP:* or all)");
        return CtlSession.Run(o, new RpcRequest(RpcCommand.Restart) { Names = [.. names], Force = force }, r => CtlSession.ProcessLines(r, "restarted"));
    }

    public static int StartGroup(CtlOptions o, string? group) => Group(o, RpcCommand.StartGroup, group, "started");

    public static int StopGroup(CtlOptions o, string? group) => Group(o, RpcCommand.StopGroup, group, "stopped");

    public static int Signal(CtlOptions o, string[] args)
    {
        if (args.Length == 0) return CliOutput.Usage("supervice ctl signal: give a SIGNAL and at least one NAME");
        if (!Config.Signals.TryParse(args[0], out var signal)) return CliOutput.Usage($"supervice ctl signal: unknown signal '{args[0]}'");
        if (args.Length < 2) return CliOutput.Usage("supervice ctl signal: give at least one NAME after the signal");
        return CtlSession.Run(o, new RpcRequest(RpcCommand.Signal) { Names = [.. args[1..]], Signal = signal }, r => CtlSession.ProcessLines(r, "signalled"));
    }

    public static int Pid(CtlOptions o, string[] names)
        => CtlSession.Run(o, new RpcRequest(RpcCommand.Pid) { Names = [.. names] }, r =>
        {
            if (!r.IsOk && r.Results is null) return CtlSession.ProcessLines(r, "");
            if (names.Length == 0) return (r.Pid ?? 0).ToString(CultureInfo.InvariantCulture) + "\n";
            var sb = new StringBuilder();
            foreach (var n in r.NotFound ?? []) sb.Append(n).Append(": ERROR (no such process)\n");
            foreach (var p in r.Results ?? []) sb.Append((p.Pid ?? 0).ToString(CultureInfo.InvariantCulture)).Append('\n');
            return sb.ToString();
        });

    public static int Tail(CtlOptions o, string[] args, bool follow, int lines)
    {
        if (args.Length == 0) return CliOutput.Usage("supervice ctl tail: give a NAME (and optionally stdout or stderr)");
        if (args.Length > 2) return CliOutput.Usage("supervice ctl tail: too many arguments; usage: tail [-f] [-n LINES] NAME [stdout|stderr]");
        var stream = TailStream.Stdout;
        if (args.Length == 2)
        {
            if (args[1] == "stderr") stream = TailStream.Stderr;
            else if (args[1] != "stdout") return CliOutput.Usage($"supervice ctl tail: stream must be stdout or stderr, not '{args[1]}'");
        }
        if (BadLines(lines) is { } bad) return bad;
        return CtlSession.Run(o, new RpcRequest(RpcCommand.Tail) { Names = [args[0]], Stream = stream, Lines = lines, Follow = follow }, Raw);
    }

    public static int MainTail(CtlOptions o, bool follow, int lines)
    {
        if (BadLines(lines) is { } bad) return bad;
        return CtlSession.Run(o, new RpcRequest(RpcCommand.MainTail) { Lines = lines, Follow = follow }, Raw);
    }

    public static int Reload(CtlOptions o, bool dryRun)
        => CtlSession.Run(o, new RpcRequest(RpcCommand.Reload) { DryRun = dryRun }, r => r.IsOk ? ReloadText(r, dryRun) : null);

    /// <summary>Returns once the daemon has exited (its pid comes with the reply), so `shutdown; daemon` works in scripts.</summary>
    public static int Shutdown(CtlOptions o)
        => CtlSession.Run(o, new RpcRequest(RpcCommand.Shutdown), r =>
        {
            if (!r.IsOk) return null;
            if (r.Pid is { } pid && !ProcessExit.Wait(pid, TimeSpan.FromSeconds(o.Timeout ?? ShutdownWaitSeconds)))
                return $"Shutting down (pid {pid} is still stopping its processes)\n";
            return "Shut down\n";
        });

    private const double ShutdownWaitSeconds = 120;

    public static int Version(CtlOptions o)
    {
        if (!o.Json) CliOutput.WriteStdout($"client: supervice {BuildInfo.Version}\n");
        return CtlSession.Run(o, new RpcRequest(RpcCommand.Version), r => r.IsOk ? $"daemon: supervice {r.Version}\n" : null);
    }

    /// <summary>What `reload` did, or with --dry-run what it would do.</summary>
    public static string ReloadText(RpcReply r, bool dryRun)
    {
        var sb = new StringBuilder();
        void List(string label, ImmutableArray<string>? names)
        {
            if (names is { IsEmpty: false } n) sb.Append(label).Append(": ").AppendJoin(", ", n).Append('\n');
        }
        List(dryRun ? "Would add" : "Added", r.Added);
        List(dryRun ? "Would remove" : "Removed", r.Removed);
        List(dryRun ? "Would change" : "Changed", r.Changed);
        List(dryRun ? "Would restart" : "Restarted", r.Restarted);
        return sb.Length > 0 ? sb.ToString() : "No changes detected\n";
    }

    private static int Act(CtlOptions o, RpcCommand command, string[] names, string pastTense)
    {
        if (names.Length == 0)
            return CliOutput.Usage($"supervice ctl {RpcCommandNames.ToWire(command)}: give at least one NAME (process, program, GROUP:* or all)");
        return CtlSession.Run(o, new RpcRequest(command) { Names = [.. names] }, r => CtlSession.ProcessLines(r, pastTense));
    }

    private static int Group(CtlOptions o, RpcCommand command, string? group, string pastTense)
    {
        if (string.IsNullOrEmpty(group)) return CliOutput.Usage($"supervice ctl {RpcCommandNames.ToWire(command)}: give a GROUP");
        return CtlSession.Run(o, new RpcRequest(command) { Names = [group] }, r => CtlSession.ProcessLines(r, pastTense));
    }

    private static int? BadLines(int lines)
        => lines < 0 || lines > RpcRequest.MaxLines
            ? CliOutput.Usage($"supervice ctl: -n must be from 0 to {RpcRequest.MaxLines.ToString(CultureInfo.InvariantCulture)}, not {lines.ToString(CultureInfo.InvariantCulture)}")
            : null;

    private static CtlText Raw(RpcReply r) => r.IsOk ? r.Data ?? "" : null;
}
