using Supervice.Config.Model;
using Supervice.Core.Output;
using Supervice.Rpc.Messages;
using Supervice.Core.Engine;

namespace Supervice.Core.Backend;

/// <summary>The commands supervisord's XML-RPC needs beyond ctl's (README: HTTP and XML-RPC): process times and log paths, the
/// configuration as getAllConfigInfo reports it, byte-addressed log reads, clearing logs, and the two-step update.</summary>
public sealed partial class SupervisorBackend
{
    private static ProcessStatus WithDetail(ManagedProcess p, ProcessStatus s) => s with
    {
        Start = p.SpawnedAtWall?.ToUnixTimeSeconds() ?? 0,
        Stop = p.ExitedAtWall?.ToUnixTimeSeconds() ?? 0,
        StdoutLogfile = p.Spec.Stdout.Path,
        StderrLogfile = p.Spec.RedirectStderr ? null : p.Spec.Stderr.Path,
        ExitCode = s.ExitCode ?? 0,
    };

    private RpcReply ConfigInfo()
    {
        var model = supervisor.Reread ?? supervisor.Config;
        var infos = model.Processes.Select(spec => new ProcessConfigInfo
        {
            Name = spec.Name, Group = spec.GroupName,
            GroupPriority = Supervisor.GroupPriority(model, spec.GroupName), ProcessPriority = spec.Priority,
            InUse = supervisor.GroupActive(spec.GroupName), AutoStart = spec.AutoStart, Command = spec.Command,
            Directory = spec.Directory, User = spec.User, ExitCodes = spec.ExitCodes, KillAsGroup = spec.KillAsGroup,
            RedirectStderr = spec.RedirectStderr, StartRetries = spec.StartRetries, StartSecs = spec.StartSecs,
            StopSignal = spec.StopSignal, StopWaitSecs = spec.StopWaitSecs,
            StdoutLogfile = spec.Stdout.Path, StdoutLogfileMaxBytes = spec.Stdout.MaxBytes, StdoutLogfileBackups = spec.Stdout.Backups,
            StderrLogfile = spec.Stderr.Path, StderrLogfileMaxBytes = spec.Stderr.MaxBytes, StderrLogfileBackups = spec.Stderr.Backups,
        }).OrderBy(i => i.Name, StringComparer.Ordinal);
        return RpcReply.Ok() with { ConfigInfo = [.. infos] };
    }

    /// <summary>One named process's sink (exactly one), or the daemon log when no name is given.</summary>
    private OutputSink? LogSink(RpcRequest r, out RpcReply? error)
    {
        error = null;
        if (r.Names.IsDefaultOrEmpty) return daemonLog;
        return SinkFor(r, out error);
    }

    private RpcReply ReadLog(RpcRequest r)
    {
        var sink = LogSink(r, out var error);
        if (sink is null) return error!;
        byte[] bytes;
        long end;
        if (r.Offset < 0) { end = sink.TotalBytes; bytes = sink.TailBytes((int)Math.Min(int.MaxValue, -r.Offset)); }
        else
        {
            sink.TryReadFrom(r.Offset, out bytes, out end);
            if (r.Length > 0 && bytes.Length > r.Length) { bytes = bytes[..(int)r.Length]; end = r.Offset + r.Length; }
        }
        return RpcReply.Chunk(System.Text.Encoding.UTF8.GetString(bytes)) with { Offset = end };
    }

    private RpcReply ClearLog(RpcRequest r)
    {
        if (r.Names.IsDefaultOrEmpty) return daemonLog.Clear(out var e) ? RpcReply.Ok() : RpcReply.Fail(e!);
        var p = supervisor.Find(r.Names[0]);
        if (p is null) return RpcReply.NoSuchName([r.Names[0]]);
        bool ok = p.Stdout.Clear(out var e1) & p.Stderr.Clear(out var e2);
        return ok ? RpcReply.Ok() : RpcReply.Fail(e1 ?? e2!);
    }

    private Task<RpcReply> Reread() => supervisor.RereadAsync().ContinueWith(t =>
    {
        var d = t.Result;
        if (!d.Ok) return RpcReply.Error("CANT_REREAD", d.Error!);
        return RpcReply.Ok() with { Added = [.. d.Added], Changed = [.. d.Changed], Removed = [.. d.Removed] };
    }, TaskScheduler.Default);

    private static RpcReply GroupStep(string? fault) => fault is null ? RpcReply.Ok() : RpcReply.Error(fault, fault);
}
