using Supervice.Rpc.Messages;

namespace Supervice.Rpc.XmlRpc;

/// <summary>Process methods: info, start, stop, signal — one process, a group, or all, with supervisord's faults and
/// its group result structs ({name, group, status, description}; status 80 = SUCCESS). As supervisord, the group and
/// all verbs act only on processes not already in the goal state.</summary>
public sealed partial class XmlRpcDispatcher
{
    private void RegisterProcesses()
    {
        Add("supervisor.getProcessInfo", ["string"], "struct", "Get info about a process named name", (a, ct) => InfoAsync((string)a[0], ct));
        Add("supervisor.getAllProcessInfo", [], "array", "Get info about all processes", async (_, ct) =>
        {
            var now = Now;
            return (await AllAsync(ct).ConfigureAwait(false)).OrderBy(ProcessInfo.Group, StringComparer.Ordinal).ThenBy(ProcessInfo.LocalName, StringComparer.Ordinal)
                .Select(p => (object)ProcessInfo.Struct(p, now)).ToList();
        });
        Add("supervisor.startProcess", ["string", "boolean"], "boolean", "Start a process", (a, ct) => StartAsync((string)a[0], Flag(a, 1), ct), required: 1);
        Add("supervisor.startProcessGroup", ["string", "boolean"], "array", "Start all processes in the group named 'name'",
            async (a, ct) => await ActOnGroupAsync(await AllAsync(ct).ConfigureAwait(false), (string)a[0], start: true, Flag(a, 1), ct).ConfigureAwait(false), required: 1);
        Add("supervisor.startAllProcesses", ["boolean"], "array", "Start all processes listed in the configuration file",
            async (a, ct) => await ActOnAllAsync(start: true, Flag(a, 0), ct).ConfigureAwait(false), required: 0);
        Add("supervisor.stopProcess", ["string", "boolean"], "boolean", "Stop a process named by name", (a, ct) => StopAsync((string)a[0], Flag(a, 1), ct), required: 1);
        Add("supervisor.stopProcessGroup", ["string", "boolean"], "array", "Stop all processes in the process group named 'name'",
            async (a, ct) => await ActOnGroupAsync(await AllAsync(ct).ConfigureAwait(false), (string)a[0], start: false, Flag(a, 1), ct).ConfigureAwait(false), required: 1);
        Add("supervisor.stopAllProcesses", ["boolean"], "array", "Stop all processes in the process list",
            async (a, ct) => await ActOnAllAsync(start: false, Flag(a, 0), ct).ConfigureAwait(false), required: 0);
        Add("supervisor.signalProcess", ["string", "signal"], "boolean", "Send an arbitrary UNIX signal to the process named by name",
            (a, ct) => SignalAsync((string)a[0], a[1], ct));
        Add("supervisor.signalProcessGroup", ["string", "signal"], "array", "Send a signal to all processes in the group named 'name'",
            async (a, ct) =>
            {
                var all = await AllAsync(ct).ConfigureAwait(false);
                var group = (string)a[0];
                if (!all.Any(p => ProcessInfo.Group(p) == group)) return XmlRpcFault.Of(FaultCodes.BadName, group);
                return await SignalManyAsync(all.Where(p => ProcessInfo.Group(p) == group).ToList(), a[1], ct).ConfigureAwait(false);
            });
        Add("supervisor.signalAllProcesses", ["signal"], "array", "Send a signal to all processes in the process list",
            async (a, ct) => await SignalManyAsync(await AllAsync(ct).ConfigureAwait(false), a[0], ct).ConfigureAwait(false));
    }

    private static long Now => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    private async Task<object> InfoAsync(string spec, CancellationToken ct)
    {
        var all = await AllAsync(ct).ConfigureAwait(false);
        if (!ProcessInfo.Resolve(all, spec, out _, out var p) || p is null) return XmlRpcFault.Of(FaultCodes.BadName, spec);
        return ProcessInfo.Struct(p, Now);
    }

    private async Task<object> StartAsync(string spec, bool wait, CancellationToken ct)
    {
        var all = await AllAsync(ct).ConfigureAwait(false);
        if (!ProcessInfo.Resolve(all, spec, out var group, out var p)) return XmlRpcFault.Of(FaultCodes.BadName, spec);
        if (p is null) return await ActOnGroupAsync(all, group, start: true, wait, ct).ConfigureAwait(false);
        if (ProcessInfo.IsRunning(p)) return XmlRpcFault.Of(FaultCodes.AlreadyStarted, spec);
        var reply = Ask(new RpcRequest(RpcCommand.Start) { Names = [p.Name] }, ct);
        if (!wait) return true;
        var r = await reply.ConfigureAwait(false);
        return StartFault(r, 0, spec) is { } fault ? fault : true;
    }

    /// <summary>The fault for one start result, null when it started.</summary>
    private static XmlRpcFault? StartFault(RpcReply r, int i, string spec)
    {
        if (r.Results is not { } results || i >= results.Length) return XmlRpcFault.Of(FaultCodes.BadName, spec);
        var x = results[i];
        if (x.Ok) return x.Message == "already running" ? XmlRpcFault.Of(FaultCodes.AlreadyStarted, spec) : null;
        // supervisord: a spawn that failed or exited too quickly (BACKOFF, then FATAL) is a SPAWN_ERROR; anything else abnormal.
        if (x.State is "FATAL" or "BACKOFF" || x.Message?.StartsWith("spawn error", StringComparison.Ordinal) == true) return XmlRpcFault.Of(FaultCodes.SpawnError, spec);
        return XmlRpcFault.Of(FaultCodes.AbnormalTermination, spec);
    }

    private async Task<object> StopAsync(string spec, bool wait, CancellationToken ct)
    {
        var all = await AllAsync(ct).ConfigureAwait(false);
        if (!ProcessInfo.Resolve(all, spec, out var group, out var p)) return XmlRpcFault.Of(FaultCodes.BadName, spec);
        if (p is null) return await ActOnGroupAsync(all, group, start: false, wait, ct).ConfigureAwait(false);
        if (!ProcessInfo.IsRunning(p)) return XmlRpcFault.Of(FaultCodes.NotRunning, spec);
        var reply = Ask(new RpcRequest(RpcCommand.Stop) { Names = [p.Name] }, ct);
        if (!wait) return true;
        var r = await reply.ConfigureAwait(false);
        return r.Results is [{ Ok: false } x] ? XmlRpcFault.Of(FaultCodes.Failed, $"{spec} {x.Message}") : true;
    }

    private async Task<object> ActOnGroupAsync(List<ProcessStatus> all, string group, bool start, bool wait, CancellationToken ct)
    {
        var members = all.Where(p => ProcessInfo.Group(p) == group).ToList();
        if (members.Count == 0) return XmlRpcFault.Of(FaultCodes.BadName, group);
        var priorities = await PrioritiesAsync(ct).ConfigureAwait(false);
        return await ActAsync(ProcessInfo.ByPriority(members, priorities).ToList(), start, wait, ct).ConfigureAwait(false);
    }

    private async Task<object> ActOnAllAsync(bool start, bool wait, CancellationToken ct)
    {
        var all = await AllAsync(ct).ConfigureAwait(false);
        var priorities = await PrioritiesAsync(ct).ConfigureAwait(false);
        return await ActAsync(ProcessInfo.ByPriority(all, priorities).ToList(), start, wait, ct).ConfigureAwait(false);
    }

    private async Task<Dictionary<string, (int Group, int Process)>> PrioritiesAsync(CancellationToken ct)
        => ((await Ask(new RpcRequest(RpcCommand.ConfigInfo), ct).ConfigureAwait(false)).ConfigInfo ?? [])
            .ToDictionary(c => c.Name, c => (c.GroupPriority, c.ProcessPriority), StringComparer.Ordinal);

    /// <summary>Starts (or stops) every target not already in the goal state, all at once, and answers one result per target.</summary>
    private async Task<object> ActAsync(List<ProcessStatus> targets, bool start, bool wait, CancellationToken ct)
    {
        targets = targets.Where(p => ProcessInfo.IsRunning(p) != start).ToList();
        if (targets.Count == 0) return new List<object>();
        var reply = Ask(new RpcRequest(start ? RpcCommand.Start : RpcCommand.Stop) { Names = [.. targets.Select(p => p.Name)] }, ct);
        if (!wait) return targets.Select(p => (object)ProcessInfo.Result(p, FaultCodes.Success, "OK")).ToList();
        var r = await reply.ConfigureAwait(false);
        var byName = (r.Results ?? []).ToDictionary(x => x.Name, StringComparer.Ordinal);
        var results = new List<object>();
        foreach (var p in targets)
        {
            XmlRpcFault? fault;
            if (!byName.TryGetValue(p.Name, out var x)) fault = XmlRpcFault.Of(FaultCodes.BadName, ProcessInfo.Namespec(p));
            else if (start) fault = StartFault(r with { Results = [x] }, 0, ProcessInfo.Namespec(p));
            else fault = x.Ok ? null : XmlRpcFault.Of(FaultCodes.Failed, $"{ProcessInfo.Namespec(p)} {x.Message}");
            results.Add(fault is null ? ProcessInfo.Result(p, FaultCodes.Success, "OK") : ProcessInfo.Result(p, fault.Code, fault.String));
        }
        return results;
    }

    /// <summary>supervisord's signal_number: a name (with or without SIG) or a number; 0 passes, as there (SIG_DFL is
    /// among the values it accepts), and signals nothing but checks the process exists.</summary>
    private static int? SignalNumber(object signal) => signal switch
    {
        int n when n == 0 || Config.Signals.IsValid(n) => n,
        string s when s.Trim() == "0" => 0,
        string s => Config.Signals.Parse(s),
        _ => null,
    };

    private async Task<object> SignalAsync(string spec, object signal, CancellationToken ct)
    {
        var all = await AllAsync(ct).ConfigureAwait(false);
        if (!ProcessInfo.Resolve(all, spec, out var group, out var p)) return XmlRpcFault.Of(FaultCodes.BadName, spec);
        if (p is null) return await SignalManyAsync(all.Where(x => ProcessInfo.Group(x) == group).ToList(), signal, ct).ConfigureAwait(false);
        if (SignalNumber(signal) is not { } number) return XmlRpcFault.Of(FaultCodes.BadSignal, signal.ToString());
        if (!ProcessInfo.IsSignallable(p)) return XmlRpcFault.Of(FaultCodes.NotRunning, spec);
        var r = await Ask(new RpcRequest(RpcCommand.Signal) { Names = [p.Name], Signal = number }, ct).ConfigureAwait(false);
        return r.IsOk ? true : XmlRpcFault.Of(FaultCodes.NotRunning, spec);
    }

    private async Task<object> SignalManyAsync(List<ProcessStatus> targets, object signal, CancellationToken ct)
    {
        var results = new List<object>();
        var number = SignalNumber(signal);
        var priorities = await PrioritiesAsync(ct).ConfigureAwait(false);
        foreach (var p in ProcessInfo.ByPriority(targets, priorities).Where(ProcessInfo.IsSignallable).ToList())
        {
            if (number is null) { results.Add(ProcessInfo.Result(p, FaultCodes.BadSignal, XmlRpcFault.Of(FaultCodes.BadSignal, signal.ToString()).String)); continue; }
            var r = await Ask(new RpcRequest(RpcCommand.Signal) { Names = [p.Name], Signal = number.Value }, ct).ConfigureAwait(false);
            results.Add(r.IsOk ? ProcessInfo.Result(p, FaultCodes.Success, "OK")
                : ProcessInfo.Result(p, FaultCodes.NotRunning, XmlRpcFault.Of(FaultCodes.NotRunning, ProcessInfo.Namespec(p)).String));
        }
        return results;
    }
}
