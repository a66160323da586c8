using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Supervice.Core.Lifecycle;
using Supervice.Core.Output;
using Supervice.Core.Trees;
using Supervice.Rpc.Messages;
using Supervice.Rpc.Server;
using Supervice.Core.Engine;

namespace Supervice.Core.Backend;

/// <summary>The RPC backend: every request is posted to the Supervisor's loop, decided there, and its reply
/// built from OpResults (values) back on the caller's thread. Messages follow 0.4.1 where it had them.</summary>
public sealed partial class SupervisorBackend(Supervisor supervisor, OutputSink daemonLog) : IRpcBackend
{
    private const int ShutdownReplyGraceMs = 50;

    private readonly ChangeFeed _changes = Watch(supervisor);

    public ChangeFeed Changes => _changes;

    private static ChangeFeed Watch(Supervisor s)
    {
        var feed = new ChangeFeed();
        s.StateChanged += (_, _, _) => feed.Bump();
        return feed;
    }

    public ValueTask<RpcReply> HandleAsync(RpcRequest request, CancellationToken ct)
    {
        var decided = new TaskCompletionSource<Task<RpcReply>>(TaskCreationOptions.RunContinuationsAsynchronously);
        supervisor.Post(() =>
        {
            try
            {
                decided.SetResult(Decide(request));
                if (request.Command is not (RpcCommand.Status or RpcCommand.Version or RpcCommand.Tail or RpcCommand.MainTail or RpcCommand.ReadLog or RpcCommand.ConfigInfo or RpcCommand.Pid))
                    _changes.Bump();
            }
            catch (Exception ex) { decided.SetException(ex); }
        });
        return new ValueTask<RpcReply>(decided.Task.Unwrap());
    }

    private Task<RpcReply> Decide(RpcRequest r)
    {
        if (supervisor.ShuttingDown && r.Command is RpcCommand.Start or RpcCommand.Restart or RpcCommand.StartGroup
                or RpcCommand.Signal or RpcCommand.Reload)
            return Task.FromResult(RefusedWhileShuttingDown(r));
        switch (r.Command)
        {
            case RpcCommand.Status: return Task.FromResult(Status(r));
            case RpcCommand.Start: return Act(r, supervisor.Start, "Started", group: false);
            case RpcCommand.Stop: return Act(r, supervisor.Stop, "Stopped", group: false);
            case RpcCommand.Restart: return Act(r, p => supervisor.Restart(p, r.Force), "Restarted", group: false);
            case RpcCommand.StartGroup: return Act(r, supervisor.Start, "Started", group: true);
            case RpcCommand.StopGroup: return Act(r, supervisor.Stop, "Stopped", group: true);
            case RpcCommand.Signal: return Task.FromResult(Signal(r));
            case RpcCommand.Pid: return Task.FromResult(Pid(r));
            case RpcCommand.Tail: return Task.FromResult(Tail(r));
            case RpcCommand.MainTail: return Task.FromResult(RpcReply.Chunk(daemonLog.TailLines(r.Lines)));
            case RpcCommand.Reload: return Reload(r);
            case RpcCommand.Shutdown:
                supervisor.After(ShutdownReplyGraceMs, () => supervisor.BeginShutdown("shutdown requested over RPC"));
                return Task.FromResult(RpcReply.Ok("Shutting down") with { Pid = Environment.ProcessId });
            case RpcCommand.Version: return Task.FromResult(RpcReply.Ok() with { Version = BuildInfo.Version });
            case RpcCommand.ConfigInfo: return Task.FromResult(ConfigInfo());
            case RpcCommand.ReadLog: return Task.FromResult(ReadLog(r));
            case RpcCommand.ClearLog: return Task.FromResult(ClearLog(r));
            case RpcCommand.Reread: return Reread();
            case RpcCommand.AddGroup: return Task.FromResult(GroupStep(supervisor.AddGroup(r.Names.FirstOrDefault() ?? "")));
            case RpcCommand.RemoveGroup: return Task.FromResult(GroupStep(supervisor.RemoveGroup(r.Names.FirstOrDefault() ?? "")));
            default: return Task.FromResult(RpcReply.Fail($"Unknown command: {r.Command}"));
        }
    }

    /// <summary>README: Security: `SHUTTING_DOWN`, with a failed result per named process so ctl prints `b: ERROR (shutting down)`.</summary>
    private RpcReply RefusedWhileShuttingDown(RpcRequest r)
    {
        string[] names = r.Names.IsDefaultOrEmpty ? [] : r.Command == RpcCommand.StartGroup ? [r.Names[0].TrimEnd('*').TrimEnd(':') + ":*"] : r.Names.ToArray();
        var targets = supervisor.Resolve(names, []);
        return RpcReply.Error(RpcErrorCode.ShuttingDown, Supervisor.ShuttingDownMessage) with
        {
            Results = targets.Count == 0 ? null : [.. targets.Select(p => new ProcessResult
                { Name = p.Name, Ok = false, Message = Supervisor.ShuttingDownMessage, State = p.State.State.Wire() })],
        };
    }

    private RpcReply Status(RpcRequest r)
    {
        var procs = supervisor.Processes.Where(p => !p.Removed).ToList();
        if (!r.Names.IsDefaultOrEmpty)
        {
            var unknown = new List<string>();
            procs = supervisor.Resolve(r.Names, unknown);
            if (unknown.Count > 0) return RpcReply.NoSuchName([.. unknown]);
        }
        bool named = !r.Names.IsDefaultOrEmpty;
        ProcessStatus Row(ManagedProcess p)
        {
            var row = r.Detail ? WithDetail(p, ToStatus(p)) : ToStatus(p);
            return named && p.LastOutput is { Count: > 0 } lines ? row with { LastOutput = [.. lines] } : row;
        }
        if (r.Stats) return WithStats(procs, Row);
        return RpcReply.StatusOf([.. procs.Select(Row)]);
    }

    private ProcessStatus ToStatus(ManagedProcess p)
    {
        var s = p.State;
        bool hasCheck = p.Spec.HealthCheck.Type != Config.Model.HealthCheckType.None;
        return new ProcessStatus
        {
            Name = p.Name,
            State = s.State.Wire(),
            Pid = s.State.HasChild() && s.Pid > 0 ? s.Pid : null,
            Uptime = StatusInfo.UptimeSeconds(p),
            Healthy = p.Health?.Healthy,
            Group = p.Spec.GroupName,
            HasHealthcheck = hasCheck ? true : null,
            Health = !hasCheck ? null : p.Health?.Healthy switch { true => "OK", false => "FAIL", _ => null },
            Info = supervisor.Info(p) is { Length: > 0 } info ? info : null,
            ExitCode = s.LastExit?.PythonCode,
            SpawnError = s.SpawnError,
            Containment = supervisor.ContainmentOf(p).Wire(),
            Restarts = Math.Max(0, p.Spawns - 1),
            Attempt = StatusInfo.Attempt(p),
            NextStart = StatusInfo.NextStart(p),
        };
    }

    /// <summary>start/stop/restart and the group verbs: resolve, act on every process at once, wait for all.</summary>
    private Task<RpcReply> Act(RpcRequest r, Func<ManagedProcess, Task<OpResult>> op, string verb, bool group)
    {
        if (r.Names.IsDefaultOrEmpty) return Task.FromResult(RpcReply.Fail(group ? "Group not found" : "Process not found"));
        var unknown = new List<string>();
        List<ManagedProcess> targets;
        if (group)
        {
            var g = r.Names[0].TrimEnd('*').TrimEnd(':');
            if (!supervisor.GroupExists(g)) return Task.FromResult(RpcReply.NoSuchName([g], "Group not found"));
            targets = supervisor.Resolve([g + ":*"], unknown);
        }
        else
        {
            targets = supervisor.Resolve(r.Names, unknown);
            if (unknown.Count > 0) return Task.FromResult(RpcReply.NoSuchName([.. unknown], r.LegacyName ? "Process not found" : null));
        }
        if (verb == "Started") targets = supervisor.WithDependencies(targets);
        var tasks = targets.Select(op).ToArray();
        return Task.WhenAll(tasks).ContinueWith(t => Summarize(r, t.Result, verb, group), TaskScheduler.Default);
    }

    private static RpcReply Summarize(RpcRequest r, OpResult[] results, string verb, bool group)
    {
        var failed = results.Where(x => !x.Ok).ToList();
        string message;
        if (group)
        {
            var g = r.Names[0].TrimEnd('*').TrimEnd(':');
            message = failed.Count == 0 ? $"{verb} group {g}" : $"{verb} group {g}, but failed for: {string.Join(", ", failed.Select(f => f.Name))}";
        }
        else if (results.Length == 1)
        {
            var x = results[0];
            message = x.Ok
                ? (x.Message == "already running" ? $"{x.Name} is already running" : $"{verb} {x.Name}")
                : LegacyFailure(verb, x);
        }
        else
        {
            message = failed.Count == 0 ? $"{verb} {string.Join(", ", results.Select(x => x.Name))}"
                : string.Join("; ", failed.Select(f => LegacyFailure(verb, f)));
        }
        return new RpcReply
        {
            Status = failed.Count == 0 ? RpcReply.StatusOk : RpcReply.StatusError,
            Message = message,
            Results = [.. results.Select(x => new ProcessResult { Name = x.Name, Ok = x.Ok, Message = x.Message, State = x.State.Wire() })],
        };
    }

    private static string LegacyFailure(string verb, OpResult x) => verb switch
    {
        "Stopped" => $"{x.Name} did not stop (state: {x.State.Wire()})",
        _ when x.State == ProcessState.Fatal => $"{x.Name} failed to start (state: FATAL): {x.Message}",
        _ => $"{x.Name} {x.Message}",
    };

    private RpcReply Signal(RpcRequest r)
    {
        var unknown = new List<string>();
        var targets = supervisor.Resolve(r.Names, unknown);
        if (unknown.Count > 0 || targets.Count == 0) return RpcReply.NoSuchName([.. unknown]);
        var results = targets.Select(p => supervisor.SendSignal(p, r.Signal)).ToArray();
        var failed = results.Where(x => !x.Ok).ToList();
        return new RpcReply
        {
            Status = failed.Count == 0 ? RpcReply.StatusOk : RpcReply.StatusError,
            Message = failed.Count == 0 ? $"Signalled {string.Join(", ", results.Select(x => x.Name))}" : $"not running: {string.Join(", ", failed.Select(x => x.Name))}",
            Results = [.. results.Select(x => new ProcessResult { Name = x.Name, Ok = x.Ok, Message = x.Message, State = x.State.Wire() })],
        };
    }

    private RpcReply Pid(RpcRequest r)
    {
        if (r.Names.IsDefaultOrEmpty) return RpcReply.Ok() with { Pid = Environment.ProcessId };
        var unknown = new List<string>();
        var targets = supervisor.Resolve(r.Names, unknown);
        if (unknown.Count > 0) return RpcReply.NoSuchName([.. unknown]);
        return RpcReply.Ok() with
        {
            Results = [.. targets.Select(p => new ProcessResult
            {
                Name = p.Name, Ok = p.State.State.HasChild(), State = p.State.State.Wire(),
                Pid = p.State.State.HasChild() ? p.Pid : 0, Message = p.State.State.HasChild() ? null : "not running",
            })],
        };
    }

    private OutputSink? SinkFor(RpcRequest r, out RpcReply? error)
    {
        error = null;
        if (r.Names.IsDefaultOrEmpty) { error = RpcReply.Fail("tail needs a process name"); return null; }
        var name = r.Names[0];
        var p = supervisor.Find(name);
        if (p is null)
        {
            var unknown = new List<string>();
            var matches = supervisor.Resolve([name], unknown);
            if (matches.Count != 1) { error = matches.Count == 0 ? RpcReply.NoSuchName([name]) : RpcReply.Fail($"{name} names {matches.Count} processes; tail needs exactly one"); return null; }
            p = matches[0];
        }
        return r.Stream == TailStream.Stderr ? p.Stderr : p.Stdout;
    }

    private RpcReply Tail(RpcRequest r)
    {
        var sink = SinkFor(r, out var error);
        return sink is null ? error! : RpcReply.Chunk(sink.TailLines(r.Lines));
    }

    private Task<RpcReply> Reload(RpcRequest r) => supervisor.ReloadAsync(r.DryRun).ContinueWith(t =>
    {
        var o = t.Result;
        if (o.ShuttingDown) return RpcReply.Error(RpcErrorCode.ShuttingDown, Supervisor.ShuttingDownMessage);
        if (!o.Ok) return RpcReply.Fail($"Reload failed: {o.Error}");
        return RpcReply.Ok() with
        {
            Added = [.. o.Added.Order(StringComparer.Ordinal)],
            Removed = [.. o.Removed.Order(StringComparer.Ordinal)],
            Changed = [.. o.Changed.Order(StringComparer.Ordinal)],
            Restarted = [.. o.Restarted.Order(StringComparer.Ordinal)],
            DryRun = r.DryRun ? true : null,
        };
    }, TaskScheduler.Default);

    /// <summary>tail -f / maintail -f: the backlog, then each new chunk, woken by the sink (no polling).</summary>
    public async IAsyncEnumerable<RpcReply> StreamAsync(RpcRequest request, [EnumeratorCancellation] CancellationToken ct)
    {
        OutputSink? sink;
        RpcReply? error = null;
        if (request.Command == RpcCommand.MainTail) sink = daemonLog;
        else
        {
            var found = new TaskCompletionSource<OutputSink?>(TaskCreationOptions.RunContinuationsAsynchronously);
            supervisor.Post(() => found.SetResult(SinkFor(request, out error)));
            sink = await found.Task.ConfigureAwait(false);
        }
        if (sink is null) { yield return error!; yield break; }

        await foreach (var text in OutputFollower.FollowAsync(sink, request.Lines, ct, lastBytes: request.Offset < 0 ? (int)Math.Min(RpcRequest.MaxTailBytes, -request.Offset) : 0).ConfigureAwait(false))
            yield return RpcReply.Chunk(text);
    }
}
