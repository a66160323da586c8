using Supervice.Rpc.Messages;

namespace Supervice.Rpc.XmlRpc;

/// <summary>Log methods: the daemon's log and each process's stdout/stderr, read by byte offsets as supervisord's
/// readFile/tailFile (here from the in-memory ring, which also serves programs that have no log file).</summary>
public sealed partial class XmlRpcDispatcher
{
    private void RegisterLogs()
    {
        Add("supervisor.readLog", ["int", "int"], "string", "Read length bytes from the main log starting at offset",
            (a, ct) => ReadAsync(null, TailStream.Stdout, (int)a[0], (int)a[1], ct));
        Add("supervisor.readMainLog", ["int", "int"], "string", "Read length bytes from the main log starting at offset",
            (a, ct) => ReadAsync(null, TailStream.Stdout, (int)a[0], (int)a[1], ct));
        Add("supervisor.clearLog", [], "boolean", "Clear the main log", async (_, ct) => Ok(await Ask(new RpcRequest(RpcCommand.ClearLog), ct).ConfigureAwait(false)));
        foreach (var (suffix, stream) in new[] { ("Stdout", TailStream.Stdout), ("Stderr", TailStream.Stderr) })
        {
            Add($"supervisor.readProcess{suffix}Log", ["string", "int", "int"], "string", $"Read length bytes from name's {suffix.ToLowerInvariant()} log starting at offset",
                (a, ct) => ReadAsync((string)a[0], stream, (int)a[1], (int)a[2], ct));
            Add($"supervisor.tailProcess{suffix}Log", ["string", "int", "int"], "array", $"Tail name's {suffix.ToLowerInvariant()} log: [string bytes, int offset, bool overflow]",
                (a, ct) => TailAsync((string)a[0], stream, (int)a[1], (int)a[2], ct));
        }
        Add("supervisor.readProcessLog", ["string", "int", "int"], "string", "Read length bytes from name's stdout log starting at offset",
            (a, ct) => ReadAsync((string)a[0], TailStream.Stdout, (int)a[1], (int)a[2], ct));
        Add("supervisor.tailProcessLog", ["string", "int", "int"], "array", "Tail name's stdout log: [string bytes, int offset, bool overflow]",
            (a, ct) => TailAsync((string)a[0], TailStream.Stdout, (int)a[1], (int)a[2], ct));
        Add("supervisor.clearProcessLogs", ["string"], "boolean", "Clear the stdout and stderr logs for the named process and reopen them",
            (a, ct) => ClearAsync((string)a[0], ct));
        Add("supervisor.clearProcessLog", ["string"], "boolean", "Clear the stdout and stderr logs for the named process and reopen them",
            (a, ct) => ClearAsync((string)a[0], ct));
        Add("supervisor.clearAllProcessLogs", [], "array", "Clear all process log files", async (_, ct) =>
        {
            var results = new List<object>();
            var priorities = await PrioritiesAsync(ct).ConfigureAwait(false);
            foreach (var p in ProcessInfo.ByPriority(await AllAsync(ct).ConfigureAwait(false), priorities).ToList())
            {
                var r = await Ask(new RpcRequest(RpcCommand.ClearLog) { Names = [p.Name] }, ct).ConfigureAwait(false);
                results.Add(r.IsOk ? ProcessInfo.Result(p, FaultCodes.Success, "OK") : ProcessInfo.Result(p, FaultCodes.Failed, XmlRpcFault.Of(FaultCodes.Failed, ProcessInfo.Namespec(p)).String));
            }
            return results;
        });
    }

    /// <summary>The daemon's name of the one process a namespec names (for `/logtail/NAME`), or null.</summary>
    public async Task<string?> ResolveProcessAsync(string spec, CancellationToken ct)
    {
        var (name, fault) = await LogTargetAsync(spec, ct).ConfigureAwait(false);
        return fault is null ? name : null;
    }

    /// <summary>The backend name for a namespec (null: the daemon log), or a BAD_NAME fault.</summary>
    private async Task<(string? Name, XmlRpcFault? Fault)> LogTargetAsync(string? spec, CancellationToken ct)
    {
        if (spec is null) return (null, null);
        var all = await AllAsync(ct).ConfigureAwait(false);
        if (!ProcessInfo.Resolve(all, spec, out _, out var p) || p is null) return (null, XmlRpcFault.Of(FaultCodes.BadName, spec));
        return (p.Name, null);
    }

    private async Task<object> ReadAsync(string? spec, TailStream stream, int offset, int length, CancellationToken ct)
    {
        if ((offset < 0 && length != 0) || length < 0) return XmlRpcFault.Of(FaultCodes.BadArguments);
        var (name, fault) = await LogTargetAsync(spec, ct).ConfigureAwait(false);
        if (fault is not null) return fault;
        var r = await Ask(new RpcRequest(RpcCommand.ReadLog) { Names = name is null ? [] : [name], Stream = stream, Offset = offset, Length = length }, ct).ConfigureAwait(false);
        return r.IsOk ? r.Data ?? "" : XmlRpcFault.Of(FaultCodes.Failed, r.Message);
    }

    /// <summary>supervisord's tailFile: past the requested window the offset jumps to the end and overflow is set.</summary>
    private async Task<object> TailAsync(string spec, TailStream stream, int offset, int length, CancellationToken ct)
    {
        var (name, fault) = await LogTargetAsync(spec, ct).ConfigureAwait(false);
        if (fault is not null) return fault;
        RpcRequest Read(long from, long len) => new(RpcCommand.ReadLog) { Names = [name!], Stream = stream, Offset = from, Length = len };
        length = Math.Max(0, length);
        var last = await Ask(Read(-Math.Max(1, length), 0), ct).ConfigureAwait(false);
        long size = last.Offset ?? 0;
        bool overflow = false;
        long from = Math.Max(0, offset);
        if (size > from + length) { overflow = true; from = size - 1; }
        if (from + length > size) { if (from > size - 1) length = 0; from = size - length; }
        from = Math.Max(0, from);
        string data = "";
        if (length > 0) data = (await Ask(Read(from, length), ct).ConfigureAwait(false)).Data ?? "";
        return new List<object> { data, size, overflow };
    }

    private async Task<object> ClearAsync(string spec, CancellationToken ct)
    {
        var (name, fault) = await LogTargetAsync(spec, ct).ConfigureAwait(false);
        if (fault is not null) return fault;
        var r = await Ask(new RpcRequest(RpcCommand.ClearLog) { Names = [name!] }, ct).ConfigureAwait(false);
        return r.IsOk ? true : XmlRpcFault.Of(FaultCodes.Failed, spec);
    }
}
