using Supervice.Rpc.Messages;

namespace Supervice.Rpc.XmlRpc;

/// <summary>The `supervisor.*` namespace (supervisord's rpcinterface.py), daemon-wide methods and the registry.</summary>
public sealed partial class XmlRpcDispatcher
{
    private const string ApiVersion = "3.0";

    private void RegisterSupervisor()
    {
        Add("supervisor.getAPIVersion", [], "string", "Return the version of the RPC API used by supervisord", (_, _) => Done(ApiVersion));
        Add("supervisor.getVersion", [], "string", "Return the version of the RPC API used by supervisord", (_, _) => Done(ApiVersion));
        Add("supervisor.getSupervisorVersion", [], "string", "Return the version of the supervisor package in use by supervisord", (_, _) => Done(BuildInfo.Version));
        Add("supervisor.getIdentification", [], "string", "Return identifying string of supervisord", (_, _) => Done("supervisor"));
        Add("supervisor.getState", [], "struct", "Return current state of supervisord as a struct",
            (_, _) => Done(new Dictionary<string, object> { ["statecode"] = 1, ["statename"] = "RUNNING" }));
        Add("supervisor.getPID", [], "int", "Return the PID of supervisord", async (_, ct) => (object)((await Ask(new RpcRequest(RpcCommand.Pid), ct)).Pid ?? 0));
        Add("supervisor.shutdown", [], "boolean", "Shut down the supervisor process", async (_, ct) => Ok(await Ask(new RpcRequest(RpcCommand.Shutdown), ct)));
        Add("supervisor.restart", [], "boolean", "Restart the supervisor process (here: reload the configuration and apply it)",
            async (_, ct) => Ok(await Ask(new RpcRequest(RpcCommand.Reload), ct)));
        Add("supervisor.reloadConfig", [], "array", "Reload the configuration: [[added, changed, removed]] group names, nothing applied", (_, ct) => RereadAsync(ct));
        Add("supervisor.addProcessGroup", ["string"], "boolean", "Update the config for a running process from config file",
            (a, ct) => GroupStepAsync(RpcCommand.AddGroup, (string)a[0], ct));
        Add("supervisor.removeProcessGroup", ["string"], "boolean", "Remove a stopped process from the active configuration",
            (a, ct) => GroupStepAsync(RpcCommand.RemoveGroup, (string)a[0], ct));
        Add("supervisor.getAllConfigInfo", [], "array", "Get info about all available process configurations", (_, ct) => ConfigInfoAsync(ct));
        // Children's stdin is /dev/null and there are no event listeners here: both answer as supervisord does without them.
        Add("supervisor.sendProcessStdin", ["string", "string"], "boolean", "Send a string of chars to the stdin of the process name",
            async (a, ct) => await InfoAsync((string)a[0], ct).ConfigureAwait(false) is XmlRpcFault f ? f : XmlRpcFault.Of(FaultCodes.NoFile, (string)a[0]));
        Add("supervisor.sendRemoteCommEvent", ["string", "string"], "boolean", "Send an event that will be received by event listener subprocesses", (_, _) => Done(true));
        RegisterProcesses();
        RegisterLogs();
    }

    /// <summary>One backend request. A refusal because the daemon is shutting down ends the whole call as
    /// supervisord's SHUTDOWN_STATE fault (README: HTTP and XML-RPC), whichever method asked.</summary>
    private async Task<RpcReply> Ask(RpcRequest request, CancellationToken ct)
    {
        var reply = await _backend.HandleAsync(request, ct).ConfigureAwait(false);
        return reply.Code == ShuttingDownCode ? throw new ShuttingDownException() : reply;
    }

    private const string ShuttingDownCode = "SHUTTING_DOWN";

    private sealed class ShuttingDownException : Exception;

    private static object Ok(RpcReply reply) => reply.IsOk ? true : XmlRpcFault.Of(FaultCodes.Failed, reply.Message);

    private async Task<List<ProcessStatus>> AllAsync(CancellationToken ct)
        => [.. (await Ask(new RpcRequest(RpcCommand.Status) { Detail = true }, ct).ConfigureAwait(false)).Processes ?? []];

    private async Task<object> RereadAsync(CancellationToken ct)
    {
        var r = await Ask(new RpcRequest(RpcCommand.Reread), ct).ConfigureAwait(false);
        if (!r.IsOk) return XmlRpcFault.Of(FaultCodes.CantReread, r.Message);
        List<object> Names(System.Collections.Immutable.ImmutableArray<string>? names) => [.. names ?? []];
        return new List<object> { new List<object> { Names(r.Added), Names(r.Changed), Names(r.Removed) } };
    }

    private async Task<object> GroupStepAsync(RpcCommand command, string group, CancellationToken ct)
    {
        var r = await Ask(new RpcRequest(command) { Names = [group] }, ct).ConfigureAwait(false);
        if (r.IsOk) return true;
        return r.Code switch
        {
            "BAD_NAME" => XmlRpcFault.Of(FaultCodes.BadName, group),
            "ALREADY_ADDED" => XmlRpcFault.Of(FaultCodes.AlreadyAdded, group),
            "STILL_RUNNING" => XmlRpcFault.Of(FaultCodes.StillRunning, group),
            _ => XmlRpcFault.Of(FaultCodes.Failed, r.Message),
        };
    }

    private async Task<object> ConfigInfoAsync(CancellationToken ct)
    {
        var r = await Ask(new RpcRequest(RpcCommand.ConfigInfo), ct).ConfigureAwait(false);
        return (r.ConfigInfo ?? []).Select(c => (object)new Dictionary<string, object>
        {
            ["autostart"] = c.AutoStart, ["directory"] = c.Directory ?? "none", ["uid"] = c.User ?? "none", ["command"] = c.Command,
            ["exitcodes"] = c.ExitCodes.Select(x => (object)x).ToList(), ["group"] = c.Group, ["group_prio"] = c.GroupPriority,
            ["inuse"] = c.InUse, ["killasgroup"] = c.KillAsGroup, ["name"] = LocalName(c), ["process_prio"] = c.ProcessPriority,
            ["redirect_stderr"] = c.RedirectStderr, ["startretries"] = c.StartRetries, ["startsecs"] = c.StartSecs,
            ["stdout_capture_maxbytes"] = 0, ["stdout_events_enabled"] = false, ["stdout_logfile"] = c.StdoutLogfile ?? "none",
            ["stdout_logfile_backups"] = c.StdoutLogfileBackups, ["stdout_logfile_maxbytes"] = c.StdoutLogfileMaxBytes, ["stdout_syslog"] = false,
            ["stopsignal"] = c.StopSignal, ["stopwaitsecs"] = c.StopWaitSecs, ["stderr_capture_maxbytes"] = 0, ["stderr_events_enabled"] = false,
            ["stderr_logfile"] = c.StderrLogfile ?? "none", ["stderr_logfile_backups"] = c.StderrLogfileBackups,
            ["stderr_logfile_maxbytes"] = c.StderrLogfileMaxBytes, ["stderr_syslog"] = false, ["serverurl"] = "AUTO",
        }).ToList();
    }

    private static string LocalName(ProcessConfigInfo c)
        => c.Name.Length > c.Group.Length + 1 && c.Name.StartsWith(c.Group + ":", StringComparison.Ordinal) ? c.Name[(c.Group.Length + 1)..] : c.Name;
}
