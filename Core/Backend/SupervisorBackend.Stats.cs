using Supervice.Config.Model;
using Supervice.Core.Engine;
using Supervice.Core.Lifecycle;
using Supervice.Core.Trees;
using Supervice.Rpc.Messages;

namespace Supervice.Core.Backend;

/// <summary>`status` with Stats (README: Dashboard, API and metrics): CPU and RSS of each process group read from /proc now, restarts,
/// start time, readiness, and the daemon's counters. Runs on the loop, only when asked.</summary>
public sealed partial class SupervisorBackend
{
    private readonly ProcUsage _usage = new();

    private RpcReply WithStats(List<ManagedProcess> procs, Func<ManagedProcess, ProcessStatus> row)
    {
        var groups = new HashSet<int>();
        foreach (var p in procs) if (p.State.State.HasChild() && p.Pid > 0) groups.Add(p.Pid);
        var usage = _usage.Scan(groups);
        var now = DateTimeOffset.Now;
        long writeErrors = daemonLog.WriteErrors;
        var rows = new List<ProcessStatus>(procs.Count);
        foreach (var p in procs)
        {
            writeErrors += p.Stdout.WriteErrors + (ReferenceEquals(p.Stderr, p.Stdout) ? 0 : p.Stderr.WriteErrors);
            var s = row(p);
            bool alive = p.State.State.HasChild() && p.Pid > 0;
            var (cpu, rss) = alive ? usage.Of(p.Pid) : (0, 0);
            double? percent = null;
            if (alive && p.SpawnedAtWall is { } spawned && (now - spawned).TotalSeconds is var ran and > 0)
                percent = Math.Round(cpu / ran * 100, 1);
            rows.Add(s with
            {
                CpuSeconds = cpu, CpuPercent = percent ?? 0, RssBytes = rss,
                Restarts = Math.Max(0, p.Spawns - 1),
                StartTime = p.SpawnedAtWall is { } at ? at.ToUnixTimeMilliseconds() / 1000.0 : 0,
                Autostart = p.Spec.AutoStart,
                Ready = Ready(p),
            });
        }
        return RpcReply.StatusOf([.. rows]) with
        {
            Daemon = new DaemonStats
            {
                Version = BuildInfo.Version,
                StartTime = supervisor.StartedAt.ToUnixTimeMilliseconds() / 1000.0,
                SpawnsTotal = supervisor.SpawnsTotal,
                LogWriteErrorsTotal = writeErrors,
            },
        };
    }

    /// <summary>RUNNING (and healthy where it has a check), or EXITED with an expected code (it is not restarted then).</summary>
    private static bool Ready(ManagedProcess p)
    {
        if (p.Spec.Listener is not null) return true; // event listeners do not count for /readyz
        var s = p.State;
        if (s.State == ProcessState.Running)
            return p.Spec.HealthCheck.Type == HealthCheckType.None || p.Health?.Healthy == true;
        return s.State == ProcessState.Exited && s.LastExit is { BySignal: false } exit && p.Spec.ExitCodes.Contains(exit.Code);
    }
}
