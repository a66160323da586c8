using Microsoft.Extensions.Logging;
using ZLogger;

using Signals = Supervice.Core.Reap.Signals;
using Supervice.Core.Lifecycle;
using Supervice.Core.Reap;

namespace Supervice.Core.Engine;

/// <summary>Orphan-free stops. What a stopped program leaves outside its process group (a double fork with setsid)
/// is reparented to us, the subreaper. The rule: when program X stops, a process is X's leftover when it is a direct
/// child of the daemon, not a child we spawned (program or health probe), and was exec'd with
/// SUPERVICE_PROCESS_NAME=X; it is SIGKILLed with its whole subtree. Processes that cleared their environment, or
/// that left while X keeps running, are not touched: we never kill what we cannot attribute.</summary>
public sealed partial class Supervisor
{
    private readonly HashSet<ManagedProcess> _stoppedRecently = new();
    private int _orphanSweepPosted;

    private void KillLeftovers(ManagedProcess p)
    {
        _stoppedRecently.Add(p);
        if (ShuttingDown) return; // one sweep for everyone once shutdown has stopped them all (see FinishShutdown)
        KillLeftovers([p]);
    }

    /// <summary>One pass over our children for a set of stopped programs: /proc is read once, not once per program.</summary>
    private void KillLeftovers(IReadOnlyCollection<ManagedProcess> stopped)
    {
        if (stopped.Count == 0) return;
        // A set, not a dictionary: a removed program and a new one of the same name may both have stopped.
        var byName = stopped.Select(x => x.Name).ToHashSet(StringComparer.Ordinal);
        var killed = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        foreach (var child in ProcTable.Children(Environment.ProcessId))
        {
            if (_byPid.ContainsKey(child) || _auxiliaryExits.ContainsKey(child)) continue;
            if (ProcTable.TagOf(child) is not { } tag || !byName.Contains(tag)) continue;
            foreach (var pid in ProcTable.Subtree(child))
                if (Signals.Send(pid, SignalNames.SIGKILL)) (killed.TryGetValue(tag, out var l) ? l : killed[tag] = []).Add(pid);
        }
        foreach (var (name, pids) in killed)
            _log.ZLogWarning($"{name}: killed {pids.Count} process(es) it left outside its process group (pids {string.Join(", ", pids)})");
    }

    /// <summary>Reaper thread: an orphan died, so its own children may just have been reparented to us.</summary>
    private void OnOrphanReaped()
    {
        if (Interlocked.Exchange(ref _orphanSweepPosted, 1) == 1) return;
        Post(() =>
        {
            Volatile.Write(ref _orphanSweepPosted, 0);
            if (!ShuttingDown) KillLeftovers(_stoppedRecently.Where(x => !x.State.State.HasChild()).ToList());
        });
    }

    private void ReportSinkError(string message) => _log.ZLogWarning($"{message}");
}
