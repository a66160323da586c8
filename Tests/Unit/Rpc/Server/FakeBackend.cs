using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Supervice.Rpc.Messages;
using Supervice.Rpc.Server;

namespace Supervice.Tests.Unit.Rpc.Server;

/// <summary>A scripted backend: a fixed process table, names resolved exactly or as GROUP:* / all.</summary>
public sealed class FakeBackend : IRpcBackend
{
    public ImmutableArray<ProcessStatus> Processes { get; set; } =
    [
        new() { Name = "web", State = "RUNNING", Pid = 101, Uptime = 65, Group = "g" },
        new() { Name = "worker", State = "STOPPED", Pid = null, Group = "g" },
    ];

    public List<RpcRequest> Received { get; } = [];
    public Channel<string> TailFeed { get; } = Channel.CreateUnbounded<string>();
    public TaskCompletionSource StreamEnded { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public bool Throw { get; set; }

    public ValueTask<RpcReply> HandleAsync(RpcRequest request, CancellationToken ct)
    {
        lock (Received) Received.Add(request);
        if (Throw) throw new InvalidOperationException("secret .NET detail");
        var (found, missing) = Resolve(request.Names);
        if (!missing.IsEmpty && request.Command is not (RpcCommand.Reload or RpcCommand.Version or RpcCommand.Shutdown or RpcCommand.MainTail))
            return ValueTask.FromResult(RpcReply.NoSuchName(missing, request.LegacyName ? "Process not found" : null));
        var names = request.Names.IsEmpty ? Processes : found;
        RpcReply reply = request.Command switch
        {
            RpcCommand.Status => RpcReply.StatusOf(names),
            RpcCommand.Start => Results(names, p => p.Name == "worker"
                ? new() { Name = p.Name, Ok = false, Message = "spawn error", State = "FATAL" }
                : new() { Name = p.Name, Ok = true, State = "RUNNING" }, request.LegacyName ? $"Started {names[0].Name}" : null),
            RpcCommand.Stop => Results(names, p => new() { Name = p.Name, Ok = true, State = "STOPPED" }, null),
            RpcCommand.Signal => Results(names, p => p.Pid is null
                ? new() { Name = p.Name, Ok = false, Message = "not running", State = p.State }
                : new() { Name = p.Name, Ok = true, State = p.State }, null),
            RpcCommand.Pid when request.Names.IsEmpty => new RpcReply { Status = RpcReply.StatusOk, Pid = 4242 },
            RpcCommand.Pid => Results(names, p => new() { Name = p.Name, Ok = true, Pid = p.Pid ?? 0, State = p.State }, null),
            RpcCommand.Reload => new RpcReply { Status = RpcReply.StatusOk, Added = ["new"], Removed = [], Changed = ["web"], Restarted = ["web"], DryRun = request.DryRun ? true : null },
            RpcCommand.Version => new RpcReply { Status = RpcReply.StatusOk, Version = "9.9.9" },
            RpcCommand.Shutdown => RpcReply.Ok("Shutting down"),
            RpcCommand.Tail or RpcCommand.MainTail => RpcReply.Chunk("line1\nline2\n"),
            _ => RpcReply.Ok(),
        };
        return ValueTask.FromResult(reply);
    }

    public async IAsyncEnumerable<RpcReply> StreamAsync(RpcRequest request, [EnumeratorCancellation] CancellationToken ct)
    {
        try
        {
            yield return RpcReply.Chunk("backlog\n");
            while (true)
            {
                string chunk;
                try { chunk = await TailFeed.Reader.ReadAsync(ct); }
                catch (OperationCanceledException) { yield break; }
                yield return RpcReply.Chunk(chunk);
            }
        }
        finally { StreamEnded.TrySetResult(); }
    }

    private static RpcReply Results(ImmutableArray<ProcessStatus> ps, Func<ProcessStatus, ProcessResult> f, string? legacy)
    {
        var results = ps.Select(f).ToImmutableArray();
        return new RpcReply { Status = results.All(r => r.Ok) ? RpcReply.StatusOk : RpcReply.StatusError, Message = legacy, Results = results };
    }

    private (ImmutableArray<ProcessStatus>, ImmutableArray<string>) Resolve(ImmutableArray<string> names)
    {
        var found = ImmutableArray.CreateBuilder<ProcessStatus>();
        var missing = ImmutableArray.CreateBuilder<string>();
        foreach (var n in names)
        {
            var matches = n == "all" ? Processes.ToList()
                : n.EndsWith(":*") || n.EndsWith(':') ? Processes.Where(p => p.Group == n.TrimEnd('*').TrimEnd(':')).ToList()
                : Processes.Where(p => p.Name == n).ToList();
            if (matches.Count == 0) missing.Add(n); else found.AddRange(matches);
        }
        return (found.ToImmutable(), missing.ToImmutable());
    }
}
