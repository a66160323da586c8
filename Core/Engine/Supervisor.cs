using Microsoft.Extensions.Logging;
using ZLogger;

using Supervice.Config;
using Supervice.Config.Model;
using Supervice.Core.Events;
using Supervice.Core.Graph;
using Supervice.Core.Lifecycle;
using Supervice.Core.Output;
using Supervice.Core.Readiness;
using Supervice.Core.Reap;
using Supervice.Core.Spawn;
using Supervice.Core.Scheduling;
using Supervice.Core.Trees;

namespace Supervice.Core.Engine;

/// <summary>The event loop that owns all supervisor state. Other threads (reaper, output capture, RPC,
/// signals) only Post work here; every state change happens on this one thread, in order.</summary>
public sealed partial class Supervisor : IDisposable
{
    private readonly EventQueue _queue = new();
    private readonly TimerQueue _timers = new();
    private readonly List<ManagedProcess> _processes = new();
    private readonly Dictionary<string, ManagedProcess> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<int, ManagedProcess> _byPid = new();
    private readonly Spawner _spawner;
    private readonly Reaper _reaper;
    private readonly OutputCapture _capture;
    private readonly ILogger _log;
    private readonly ChildEnvironment _daemonEnv;
    private bool _loopRunning = true;

    // Dependencies: Supervisor.Dependencies.cs
    private DependencyGraph _graph = DependencyGraph.Empty;
    private readonly Dictionary<string, List<ManagedProcess>> _byProgram = new(StringComparer.Ordinal);

    // Ending: Supervisor.Ending.cs
    private bool _autostartDone;

    // Events: Supervisor.Events.cs
    private readonly Dictionary<string, ListenerPool> _pools = new(StringComparer.Ordinal);
    private long _nextEventSerial;
    private int _tickGeneration;
    private readonly StdinWatch _stdinWatch = new();

    // Health: Supervisor.Health.cs
    private readonly Dictionary<int, Action<ChildExit>> _auxiliaryExits = new();

    // Readiness: Supervisor.Readiness.cs
    private NotifyListener? _notify;
    private bool _notifyFailed;
    /// <summary>Runs of notify programs by leader pid (= their process group), for matching a datagram's sender.</summary>
    private readonly Dictionary<int, ManagedProcess> _notifyRuns = new();

    // Shutdown: Supervisor.Shutdown.cs
    private Queue<List<ManagedProcess>>? _shutdownBatches;
    private HashSet<ManagedProcess>? _currentBatch;
    private int _stillUp; // processes of the current batch (or, past the deadline, of all) that still have a child
    private bool _deadlinePassed;

    // Trees: Supervisor.Trees.cs
    private readonly TreeKeeper _trees;
    private int _orphanCheckPosted;

    public Supervisor(ConfigModel config, ILogger log, IReadOnlyDictionary<string, string> daemonEnvironment)
    {
        Config = config;
        _log = log;
        _daemonEnv = new ChildEnvironment(daemonEnvironment);
        _reaper = new Reaper(exit => Post(() => OnChildExit(exit))) { OrphanReaped = OnOrphanReaped };
        // Spawned pids are reserved with the reaper: its orphan sweep must never reap a child before Watch.
        _spawner = new Spawner(_reaper);
        _capture = new OutputCapture();
        _trees = CreateTrees(daemonEnvironment.GetValueOrDefault("SUPERVICE_CONTAINMENT"));
        _log.ZLogInformation($"containment: {_trees.Description}");
        foreach (var spec in config.Processes) Add(spec);
        RebuildGraph();
        RebuildPools();
        WatchEndingRules();
    }

    public ConfigModel Config { get; private set; }
    public IReadOnlyList<ManagedProcess> Processes => _processes;
    public DateTimeOffset StartedAt { get; } = DateTimeOffset.Now;
    /// <summary>Every spawn of this run, of any process (supervice_spawns_total).</summary>
    public long SpawnsTotal { get; private set; }

    /// <summary>Set when the loop has finished shutting down.</summary>
    public event Action? ShutdownCompleted;

    public static long Now() => Environment.TickCount64;

    public void Post(Action work) => _queue.Post(work);

    /// <summary>Runs the loop on the calling thread until shutdown completes. This thread also spawns every
    /// child: pdeathsig fires when the spawning *thread* exits, so it must live as long as the daemon.</summary>
    public void Run()
    {
        while (_loopRunning)
        {
            _timers.FireDue(Now());
            var work = _queue.Take(_timers.MillisUntilNext(Now()));
            foreach (var item in work)
            {
                try { item(); }
                catch (Exception ex) { _log.ZLogError($"internal error in the event loop: {ex.GetType().Name}: {ex.Message}"); }
            }
        }
    }

    private ManagedProcess Add(ProcessSpec spec)
    {
        var p = new ManagedProcess(spec,
            new OutputSink(spec.Name, "stdout", spec.Stdout),
            new OutputSink(spec.Name, "stderr", spec.RedirectStderr ? spec.Stdout : spec.Stderr));
        p.Stdout.OnError = ReportSinkError;
        p.Stderr.OnError = ReportSinkError;
        _processes.Add(p);
        _byName[spec.Name] = p;
        return p;
    }

    public ManagedProcess? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>Sends the start-up events (PROCESS_GROUP_ADDED per group, then SUPERVISOR_STATE_CHANGE_RUNNING) and starts
    /// autostart programs in ascending priority order (file order within one priority).</summary>
    public void StartAutostart()
    {
        PublishGroupsAdded();
        PublishSupervisorState("RUNNING");
        foreach (var p in _processes.Where(p => p.Spec.AutoStart).OrderBy(p => p.Spec.Priority))
            Dispatch(p, EventKind.Start);
        AutostartDone();
    }

    public void Dispatch(ManagedProcess p, EventKind kind, bool force = false)
        => Dispatch(p, new LifecycleEvent(kind, Now(), Force: force));

    /// <summary>Feeds one event to a process's lifecycle and carries out the actions it decides.</summary>
    public void Dispatch(ManagedProcess p, LifecycleEvent e)
    {
        HoldBeforeRestarting(p, e.Kind);
        e = WaitIfUnmet(p, e);
        if (e.Jitter == 0) e = e with { Jitter = Random.Shared.NextDouble() };
        var before = p.State;
        var (after, actions) = LifecycleTable.Decide(before, e, p.Spec);
        p.State = after;
        if (actions.Log is not null)
        {
            if (actions.Warn) _log.ZLogWarning($"{p.Name}: {actions.Log}");
            else _log.ZLogInformation($"{p.Name}: {actions.Log}");
        }
        if (actions.Via is { } via && via != before.State && via != after.State)
        {
            var passed = after with { State = via };
            OnTransition(p, before, passed);
            OnTransition(p, passed, after);
        }
        else if (before.State != after.State) OnTransition(p, before, after);
        Carry(p, actions);
        ReleaseTreeIfDone(p);
        if (p.Waiters.Count > 0) p.Waiters.RemoveAll(w => w(p));
        if (before.State != p.State.State || e.Kind == EventKind.Healthy) ReevaluateDependents(p);
    }

    private void OnTransition(ManagedProcess p, in LifecycleState before, in LifecycleState after)
    {
        if (after.State == ProcessState.Running && before.State == ProcessState.Starting) p.StartedAtWall = DateTimeOffset.Now;
        if (after.State == ProcessState.Starting) p.StartedAtWall = null; // a new child: no uptime (nor the last one's) until it runs
        if (!after.State.HasChild()) p.StartedAtWall = after.State == ProcessState.Unhealthy ? p.StartedAtWall : null;
        ReadinessTransition(p, before, after);
        var pid = after.Pid != 0 ? after.Pid : before.Pid;
        if (pid != 0) _log.ZLogInformation($"{p.Name}: {before.State.Wire()} -> {after.State.Wire()} (pid {pid})");
        else _log.ZLogInformation($"{p.Name}: {before.State.Wire()} -> {after.State.Wire()}");
        EventsOnTransition(p, before, after);
        StateChanged?.Invoke(p, before.State, after.State);
    }

    /// <summary>Raised on the loop thread after every state change (reconcile records, shutdown progress).</summary>
    public event Action<ManagedProcess, ProcessState, ProcessState>? StateChanged;

    private void Carry(ManagedProcess p, in LifecycleActions a)
    {
        if (a.Kinds == ActionKind.None) return;
        if (a.Has(ActionKind.CancelTimer)) p.TimerGeneration++;
        if (a.Has(ActionKind.StopHealth)) StopHealth(p);
        if (a.Has(ActionKind.SignalGroup)) SignalGroup(p, a.Signal);
        if (a.Has(ActionKind.EndTree)) EndTree(p, a.Signal);
        if (a.Has(ActionKind.ArmTimer)) ArmTimer(p, a.TimerDelayMs);
        if (a.Has(ActionKind.StartHealth)) StartHealth(p);
        if (a.Has(ActionKind.Spawn)) Spawn(p);
    }

    private void ArmTimer(ManagedProcess p, long delayMs)
    {
        int generation = ++p.TimerGeneration;
        _timers.Add(Now() + delayMs, () => OnTimer(p, generation), () => p.TimerGeneration == generation);
    }

    private void OnTimer(ManagedProcess p, int generation)
    {
        if (generation == p.TimerGeneration) Dispatch(p, EventKind.TimerDue);
    }

    /// <summary>Arms a one-off loop timer not tied to a process (shutdown deadline, RPC wait deadlines).</summary>
    public void After(long delayMs, Action action) => _timers.Add(Now() + delayMs, action);

    /// <summary>A one-off timer that can be cancelled from any thread; cancelling nudges the loop so it drops the
    /// entry now (during activity) instead of waking for it later (while idle).</summary>
    public IDisposable Schedule(long delayMs, Action action)
    {
        var handle = new ScheduledTimer(this);
        Post(() => _timers.Add(Now() + delayMs, action, handle.IsAlive));
        return handle;
    }

    private sealed class ScheduledTimer(Supervisor owner) : IDisposable
    {
        private int _cancelled;
        public bool IsAlive() => Volatile.Read(ref _cancelled) == 0;
        public void Dispose() { if (Interlocked.Exchange(ref _cancelled, 1) == 0) owner.Post(static () => { }); }
    }

    private void SignalGroup(ManagedProcess p, int signal)
    {
        if (p.Pid <= 0) return;
        var asGroup = signal == Signals.SIGKILL ? p.Spec.KillAsGroup : p.Spec.StopAsGroup;
        Signal(p.Pid, signal, asGroup);
    }

    /// <summary>Signals a child we spawned, or the group it leads, through the reaper: a pid it has already reaped (and
    /// the kernel may have handed to someone else) is never signalled. False when nothing was signalled.</summary>
    private bool Signal(int pid, int signal, bool asGroup)
        => (asGroup && _reaper.SignalGroup(pid, signal)) || _reaper.SendSignal(pid, signal);

    private void Spawn(ManagedProcess p)
    {
        var spec = p.Spec;
        var group = PrepareTree(p);
        var request = new SpawnRequest(spec.Name, spec.Argv, _daemonEnv.For(Config.Supervisor, spec), spec.Directory, spec.User,
            spec.Umask, spec.PdeathSig, spec.RedirectStderr, LargeStdout: spec.Stdout.Path is not null,
            LargeStderr: (spec.RedirectStderr ? spec.Stdout : spec.Stderr).Path is not null,
            Configured: ChildEnvironment.Configured(Config.Supervisor, spec), CgroupProcs: group?.ProcsFile,
            StdinPipe: spec.Listener is not null);
        var outcome = _spawner.Spawn(WithReadiness(p, request));
        p.Spawns++;
        SpawnsTotal++;
        p.SpawnedAtWall = DateTimeOffset.Now;
        if (outcome.Error is not null)
        {
            if (outcome.CgroupRefused) CgroupJoinFailed(p, outcome.Error);
            _trees.Unprepare(group);
            Dispatch(p, new LifecycleEvent(EventKind.SpawnFailed, Now(), Error: outcome.Error, Permanent: outcome.Permanent));
            return;
        }
        p.Tree = _trees.Spawned(p.Name, outcome.Pid, group);
        _byPid[outcome.Pid] = p;
        _reaper.Watch(outcome.Pid, outcome.PidFd);
        NoteRunPipes(p, outcome.Pid, outcome.StderrFd >= 0 ? 2 : 1);
        if (spec.Listener is not null) AttachListener(p, outcome, PipeClosed(p, outcome.Pid));
        else _capture.Attach(outcome.StdoutFd, p.Stdout, PipeClosed(p, outcome.Pid));
        if (outcome.StderrFd >= 0) _capture.Attach(outcome.StderrFd, p.Stderr, PipeClosed(p, outcome.Pid));
        WatchReadiness(p, outcome);
        _log.ZLogInformation($"{p.Name}: spawned pid {outcome.Pid}: {spec.Command}");
        Dispatch(p, new LifecycleEvent(EventKind.Spawned, Now(), Pid: outcome.Pid));
    }

    private void OnChildExit(ChildExit exit)
    {
        if (_auxiliaryExits.Remove(exit.Pid, out var aux)) { aux(exit); return; }
        if (!_byPid.Remove(exit.Pid, out var p)) return; // an orphan swept as subreaper
        Exited(p, exit);
    }

    private void Exited(ManagedProcess p, ChildExit exit)
    {
        if (p.State.Pid != exit.Pid) return; // a run already given up on
        var status = new ExitStatus(exit.ExitCode, exit.Signal, exit.CoreDumped);
        p.ExitedAtWall = DateTimeOffset.Now;
        var before = p.State.State;
        Dispatch(p, new LifecycleEvent(EventKind.Exited, Now(), Pid: exit.Pid, Exit: status, Leftovers: CountLeftovers(p)));
        AfterExit(p, before, status, exit.Pid);
    }

    /// <summary>SIGUSR2: every log file (the programs' and, through LogsReopened, the daemon's) is opened again on its next write.</summary>
    public void ReopenLogs()
    {
        _log.ZLogInformation($"received SIGUSR2: reopening log files");
        foreach (var p in _processes) { p.Stdout.Reopen(); p.Stderr.Reopen(); }
        LogsReopened?.Invoke();
    }

    public event Action? LogsReopened;

    public void Dispose()
    {
        EndAllTrees();
        _notify?.Dispose();
        _stdinWatch.Dispose();
        _reaper.Dispose();
        _capture.Dispose();
    }
}
