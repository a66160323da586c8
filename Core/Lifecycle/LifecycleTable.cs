using Supervice.Config.Model;
using Supervice.Config;

namespace Supervice.Core.Lifecycle;

/// <summary>The per-process lifecycle as a pure function (state, event) → (state, actions), in the manner of
/// s6-supervise: a literal grid with one row per state and one column per event, every cell written out, each
/// naming a small handler below. No clocks, no I/O: the event loop feeds events and carries out the actions.</summary>
public static class LifecycleTable
{
    public delegate (LifecycleState, LifecycleActions) Handler(in LifecycleState s, in LifecycleEvent e, ProcessSpec spec);

    private const long MinRestartIntervalMs = 1000;

    /// <summary>Rows in <see cref="ProcessState"/> order, columns in <see cref="EventKind"/> order. TimerDue is the
    /// one timer a process has: startsecs while STARTING, the delay while BACKOFF, stopwaitsecs while STOPPING.</summary>
    private static readonly Handler[,] Grid =
    {
        //                Start           Stop               Restart         Spawned       SpawnFailed    Exited               TimerDue           Unhealthy        Healthy      Hold               TreeGone   Wait       DependenciesMet DependencyFailed Ready        WatchdogMissed
        /* STOPPED   */ { BeginStart,     Forget,            BeginStart,     Ignore,       Ignore,        Ignore,              Ignore,            Ignore,          Ignore,      HoldDown,          Ignore,    BeginWait, Ignore,         Ignore,          Ignore,      Ignore },
        /* STARTING  */ { KeepRunning,    BeginStop,         BeginRestart,   ChildSpawned, SpawnFailed,   ExitedWhileStarting, ReachRunning,      Ignore,          FirstCheck,  HoldAndStop,       Ignore,    Ignore,    Ignore,         Ignore,          BecomeReady, Ignore },
        /* RUNNING   */ { KeepRunning,    BeginStop,         BeginRestart,   Ignore,       SpawnFailed,   ExitedWhileUp,       Ignore,            BecomeUnhealthy, StayHealthy, HoldAndStop,       Ignore,    Ignore,    Ignore,         Ignore,          Ignore,      WatchdogTimeout },
        /* BACKOFF   */ { BeginStart,     CancelBackoff,     BeginStart,     Ignore,       Ignore,        Ignore,              RetryAfterBackoff, Ignore,          Ignore,      HoldBackoff,       Ignore,    BeginWait, Ignore,         Ignore,          Ignore,      Ignore },
        /* STOPPING  */ { StartAfterStop, StopWhileStopping, StartAfterStop, Ignore,       StopCompleted, StopCompleted,       EscalateToKill,    Ignore,          Ignore,      HoldWhileStopping, TreeEnded, Ignore,    Ignore,         Ignore,          Ignore,      Ignore },
        /* EXITED    */ { BeginStart,     Forget,            BeginStart,     Ignore,       Ignore,        Ignore,              Ignore,            Ignore,          Ignore,      HoldDown,          Ignore,    BeginWait, Ignore,         Ignore,          Ignore,      Ignore },
        /* FATAL     */ { BeginStart,     Forget,            BeginStart,     Ignore,       Ignore,        Ignore,              Ignore,            Ignore,          Ignore,      HoldDown,          Ignore,    BeginWait, Ignore,         Ignore,          Ignore,      Ignore },
        /* UNHEALTHY */ { KeepRunning,    BeginStop,         BeginRestart,   Ignore,       SpawnFailed,   ExitedWhileUp,       Ignore,            Ignore,          Recover,     HoldAndStop,       Ignore,    Ignore,    Ignore,         Ignore,          Ignore,      WatchdogTimeout },
        /* WAITING   */ { Ignore,         CancelWait,        Ignore,         Ignore,       Ignore,        Ignore,              Ignore,            Ignore,          Ignore,      HoldWaiting,       Ignore,    Ignore,    BeginStart,     FailDependency,  Ignore,      Ignore },
    };
    // WAITING: the engine turns a Start/Restart of a down process with unmet depends_on into Wait; its dependencies'
    // state changes then bring DependenciesMet or DependencyFailed. Nothing else moves it but Stop and Hold.
    // SpawnFailed while RUNNING/UNHEALTHY: a spawn's outcome is known when it returns, so this does not happen today; the
    // cells keep a late failure report of a run that startsecs=0 made RUNNING handled like any failed attempt.

    public static (LifecycleState State, LifecycleActions Actions) Decide(in LifecycleState s, in LifecycleEvent e, ProcessSpec spec)
        => Grid[(int)s.State, (int)e.Kind](s, e, spec);

    /// <summary>The handler of one cell, for tests that walk the grid.</summary>
    public static Handler HandlerFor(ProcessState state, EventKind kind) => Grid[(int)state, (int)kind];

    /// <summary>The grid's shape, for tests: every state has a row and every event a column.</summary>
    public static (int Rows, int Columns) Shape => (Grid.GetLength(0), Grid.GetLength(1));

    private static (LifecycleState, LifecycleActions) Ignore(in LifecycleState s, in LifecycleEvent e, ProcessSpec spec) => (s, LifecycleActions.None);

    private static (LifecycleState, LifecycleActions) BeginStart(in LifecycleState s, in LifecycleEvent e, ProcessSpec spec)
        => s.Held ? (s, LifecycleActions.None) : (s with { State = ProcessState.Starting, WantRunning = true, Attempts = 0, HealthRestarts = 0, Crashes = 0, SpawnError = null, DependencyError = null, AfterStop = AfterStop.Stay, BackoffUntil = 0 },
            new(ActionKind.CancelTimer | ActionKind.Spawn));

    private static (LifecycleState, LifecycleActions) Forget(in LifecycleState s, in LifecycleEvent e, ProcessSpec spec)
        => (s with { WantRunning = false }, LifecycleActions.None);

    private static (LifecycleState, LifecycleActions) CancelBackoff(in LifecycleState s, in LifecycleEvent e, ProcessSpec spec)
        => (s with { State = ProcessState.Stopped, WantRunning = false, BackoffUntil = 0 }, new(ActionKind.CancelTimer));

    private static (LifecycleState, LifecycleActions) RetryAfterBackoff(in LifecycleState s, in LifecycleEvent e, ProcessSpec spec)
        => s.WantRunning
            ? (s with { State = ProcessState.Starting, BackoffUntil = 0, SpawnError = null }, new(ActionKind.Spawn))
            : (s with { State = ProcessState.Stopped, BackoffUntil = 0 }, LifecycleActions.None);

    private static (LifecycleState, LifecycleActions) KeepRunning(in LifecycleState s, in LifecycleEvent e, ProcessSpec spec)
        => (s with { WantRunning = true }, LifecycleActions.None);

    private static (LifecycleState, LifecycleActions) BeginStop(in LifecycleState s, in LifecycleEvent e, ProcessSpec spec)
        => Stop(s with { WantRunning = false, AfterStop = AfterStop.Stay }, e.Force, spec, null);

    private static (LifecycleState, LifecycleActions) BeginRestart(in LifecycleState s, in LifecycleEvent e, ProcessSpec spec)
        => Stop(s with { WantRunning = true, AfterStop = AfterStop.Start }, e.Force, spec, null);

    private static (LifecycleState, LifecycleActions) Stop(LifecycleState s, bool force, ProcessSpec spec, string? log)
    {
        var signal = force ? Signals.SIGKILL : spec.StopSignal;
        var waitMs = force ? 2000L : spec.StopWaitSecs * 1000L;
        return (s with { State = ProcessState.Stopping, RunningSince = 0 },
            new(ActionKind.SignalGroup | ActionKind.StopHealth | ActionKind.CancelTimer | ActionKind.ArmTimer, signal, waitMs, log));
    }

    private static (LifecycleState, LifecycleActions) StartAfterStop(in LifecycleState s, in LifecycleEvent e, ProcessSpec spec)
        => s.Held ? (s, LifecycleActions.None) : (s with { WantRunning = true, AfterStop = AfterStop.Start, Pending = s.AwaitingTree ? ProcessState.Starting : s.Pending },
            e.Force ? new(ActionKind.SignalGroup | ActionKind.EndTree, Signals.SIGKILL) : LifecycleActions.None);

    private static (LifecycleState, LifecycleActions) StopWhileStopping(in LifecycleState s, in LifecycleEvent e, ProcessSpec spec)
        => (s with { WantRunning = false, AfterStop = AfterStop.Stay, Pending = s.AwaitingTree ? ProcessState.Stopped : s.Pending },
            e.Force ? new(ActionKind.SignalGroup | ActionKind.EndTree, Signals.SIGKILL) : LifecycleActions.None);

    private static (LifecycleState, LifecycleActions) ChildSpawned(in LifecycleState s, in LifecycleEvent e, ProcessSpec spec)
    {
        var spawned = s with { Pid = e.Pid, SpawnedAt = e.Now, SpawnError = null, Unhealthy = false, HealthError = null };
        if (spec.Readiness.Kind != ReadinessKind.StartSecs) // the ready_timeout is the one timer; health readiness checks now
            return (spawned, new(ActionKind.ArmTimer | (spec.Readiness.Kind == ReadinessKind.Health ? ActionKind.StartHealth : 0),
                TimerDelayMs: spec.Readiness.TimeoutSecs * 1000L));
        return spec.StartSecs <= 0
            ? Running(spawned, e.Now, spec)
            : (spawned, new(ActionKind.ArmTimer, TimerDelayMs: spec.StartSecs * 1000L));
    }

    private static (LifecycleState, LifecycleActions) ReachRunning(in LifecycleState s, in LifecycleEvent e, ProcessSpec spec)
        => spec.Readiness.Kind == ReadinessKind.StartSecs ? Running(s, e.Now, spec) : NotReadyInTime(s, spec);

    private static (LifecycleState, LifecycleActions) BecomeReady(in LifecycleState s, in LifecycleEvent e, ProcessSpec spec)
    {
        var (running, actions) = Running(s, e.Now, spec);
        return (running, actions with { Kinds = actions.Kinds | ActionKind.CancelTimer });
    }

    private static (LifecycleState, LifecycleActions) FirstCheck(in LifecycleState s, in LifecycleEvent e, ProcessSpec spec)
        => spec.Readiness.Kind == ReadinessKind.Health ? BecomeReady(s, e, spec) : (s, LifecycleActions.None);

    /// <summary>ready_timeout passed with the child still up: a failed attempt, so stop it, then BACKOFF or FATAL.</summary>
    private static (LifecycleState, LifecycleActions) NotReadyInTime(LifecycleState s, ProcessSpec spec)
    {
        int attempts = s.Attempts + 1;
        var why = $"not ready after {spec.Readiness.TimeoutSecs}s (ready_timeout): start attempt failed";
        bool giveUp = attempts > spec.StartRetries || spec.AutoRestart == AutoRestart.False;
        return Stop(s with { Attempts = attempts, WantRunning = !giveUp, AfterStop = giveUp ? AfterStop.Fatal : AfterStop.Backoff }, false, spec,
            giveUp ? $"{why}; gave up after {attempts} failed start attempts" : $"{why}; stopping it");
    }

    /// <summary>A watchdog miss restarts the process as a crash would (README: Service dependencies and readiness).</summary>
    private static (LifecycleState, LifecycleActions) WatchdogTimeout(in LifecycleState s, in LifecycleEvent e, ProcessSpec spec)
    {
        var (stopping, actions) = Stop(s with { WantRunning = true, AfterStop = AfterStop.Start }, false, spec, "watchdog timeout");
        return (stopping, actions with { Warn = true });
    }

    private static (LifecycleState, LifecycleActions) Running(LifecycleState s, long now, ProcessSpec spec)
        => (s with { State = ProcessState.Running, Attempts = 0, RunningSince = now },
            new(spec.Readiness.Kind == ReadinessKind.Health ? ActionKind.None : ActionKind.StartHealth)); // health readiness: checks already run

    private static (LifecycleState, LifecycleActions) SpawnFailed(in LifecycleState s, in LifecycleEvent e, ProcessSpec spec)
    {
        var failed = s with { Pid = 0, SpawnError = e.Error, RunningSince = 0 };
        if (e.Permanent)
            return (failed with { State = ProcessState.Fatal, WantRunning = false },
                new(ActionKind.None, Log: $"spawn error: {e.Error}; not retrying (permanent)", Warn: true));
        return FailedAttempt(failed, e.Now, spec, $"spawn error: {e.Error}", e.Jitter);
    }

    private static (LifecycleState, LifecycleActions) ExitedWhileStarting(in LifecycleState s, in LifecycleEvent e, ProcessSpec spec)
        => AfterTree(e, spec, FailedAttempt(s with { Pid = 0, LastExit = e.Exit, LastExitAt = e.Now }, e.Now, spec,
            spec.Readiness.Kind == ReadinessKind.StartSecs ? $"{e.Exit.Describe()} before startsecs ({spec.StartSecs}s): start attempt failed"
                : $"{e.Exit.Describe()} before it was ready: start attempt failed", e.Jitter));

    /// <summary>A failed attempt: retry after the backoff (1 s, 2 s, 3 s … capped, or exponential); FATAL after
    /// startretries + 1 attempts (never with startretries = infinite).</summary>
    private static (LifecycleState, LifecycleActions) FailedAttempt(LifecycleState s, long now, ProcessSpec spec, string why, double jitter)
    {
        int attempts = s.Attempts + 1;
        if (spec.AutoRestart == AutoRestart.False)
            return (s with { State = ProcessState.Exited, WantRunning = false, Attempts = attempts },
                new(ActionKind.CancelTimer, Log: why, Warn: true));
        // supervisord passes through BACKOFF (tries:N) before FATAL, and event listeners rely on from_state:BACKOFF.
        if (attempts > spec.StartRetries)
            return (s with { State = ProcessState.Fatal, WantRunning = false, Attempts = attempts },
                new(ActionKind.CancelTimer, Log: $"{why}; gave up after {attempts} failed start attempts", Warn: true, Via: ProcessState.Backoff));
        long delay = BackoffDelay.Milliseconds(spec.Backoff, attempts, jitter);
        return (s with { State = ProcessState.Backoff, Attempts = attempts, BackoffUntil = now + delay },
            new(ActionKind.CancelTimer | ActionKind.ArmTimer, TimerDelayMs: delay, Log: $"{why}; retrying in {Seconds(delay)}", Warn: true));
    }

    private static string Seconds(long ms) => ms % 1000 == 0 ? $"{ms / 1000}s" : $"{ms / 1000.0:0.0}s";

    private static (LifecycleState, LifecycleActions) ExitedWhileUp(in LifecycleState s, in LifecycleEvent e, ProcessSpec spec)
        => AfterTree(e, spec, LeaderExitedWhileUp(s, e, spec));

    private static (LifecycleState, LifecycleActions) LeaderExitedWhileUp(in LifecycleState s, in LifecycleEvent e, ProcessSpec spec)
    {
        var down = s with { Pid = 0, LastExit = e.Exit, LastExitAt = e.Now, RunningSince = 0 };
        const ActionKind cleanup = ActionKind.StopHealth | ActionKind.CancelTimer;
        if (!down.WantRunning || !ShouldRestart(spec, e.Exit))
            return (down with { State = ProcessState.Exited, WantRunning = false }, new(cleanup, Log: e.Exit.Describe()));
        if (spec.Backoff.Kind == BackoffKind.Exponential) return CrashLoop(s, down, e, spec, cleanup);
        // Restart at once, but never more than once a second (supervisord can spin; 0.4.1 always waited 1 s).
        long since = e.Now - s.SpawnedAt;
        if (since >= MinRestartIntervalMs)
            return (down with { State = ProcessState.Starting, Attempts = 0 }, new(cleanup | ActionKind.Spawn, Log: $"{e.Exit.Describe()}; restarting"));
        long delay = MinRestartIntervalMs - since;
        return (down with { State = ProcessState.Backoff, Attempts = 0, BackoffUntil = e.Now + delay },
            new(cleanup | ActionKind.ArmTimer, TimerDelayMs: delay, Log: $"{e.Exit.Describe()}; restarting in {delay} ms"));
    }

    /// <summary>backoff = exponential after RUNNING: consecutive crashes grow the delay; a run that stayed up for
    /// backoff_reset_after seconds starts the count again (README: Service dependencies and readiness).</summary>
    private static (LifecycleState, LifecycleActions) CrashLoop(in LifecycleState s, LifecycleState down, in LifecycleEvent e, ProcessSpec spec, ActionKind cleanup)
    {
        bool stayedUp = s.RunningSince > 0 && e.Now - s.RunningSince >= spec.Backoff.ResetAfter * 1000L;
        int crashes = (stayedUp ? 0 : s.Crashes) + 1;
        long delay = Math.Max(BackoffDelay.Milliseconds(spec.Backoff, crashes, e.Jitter), MinRestartIntervalMs - (e.Now - s.SpawnedAt));
        return (down with { State = ProcessState.Backoff, Attempts = 0, Crashes = crashes, BackoffUntil = e.Now + delay },
            new(cleanup | ActionKind.ArmTimer, TimerDelayMs: delay, Log: $"{e.Exit.Describe()}; restarting in {Seconds(delay)} (crash {crashes})", Warn: true));
    }

    public static bool ShouldRestart(ProcessSpec spec, ExitStatus exit) => spec.AutoRestart switch
    {
        AutoRestart.True => true,
        AutoRestart.Unexpected => exit.BySignal || !spec.ExitCodes.Contains(exit.Code),
        _ => false,
    };

    private static (LifecycleState, LifecycleActions) StopCompleted(in LifecycleState s, in LifecycleEvent e, ProcessSpec spec)
        => AfterTree(e, spec, LeaderStopped(s, e, spec));

    private static (LifecycleState, LifecycleActions) LeaderStopped(in LifecycleState s, in LifecycleEvent e, ProcessSpec spec)
    {
        var down = s with { Pid = 0, LastExit = e.Exit, LastExitAt = e.Now, RunningSince = 0, AfterStop = AfterStop.Stay };
        const ActionKind cleanup = ActionKind.CancelTimer;
        switch (s.AfterStop)
        {
            case AfterStop.Start:
                return (down with { State = ProcessState.Starting, WantRunning = true, Attempts = 0, HealthRestarts = 0 }, new(cleanup | ActionKind.Spawn));
            case AfterStop.Backoff:
                long delay = BackoffDelay.Milliseconds(spec.Backoff, Math.Max(s.HealthRestarts, s.Attempts), e.Jitter);
                return (down with { State = ProcessState.Backoff, WantRunning = true, BackoffUntil = e.Now + delay },
                    new(cleanup | ActionKind.ArmTimer, TimerDelayMs: delay));
            case AfterStop.Fatal:
                return (down with { State = ProcessState.Fatal, WantRunning = false }, new(cleanup));
            default:
                return (down with { State = ProcessState.Stopped }, new(cleanup));
        }
    }

    private static (LifecycleState, LifecycleActions) EscalateToKill(in LifecycleState s, in LifecycleEvent e, ProcessSpec spec)
        => s.AwaitingTree
            ? (s, new(ActionKind.EndTree, Signals.SIGKILL, Log: $"leftover processes did not stop after {spec.StopWaitSecs}s, killing them with SIGKILL", Warn: true))
            : (s, new(ActionKind.SignalGroup | ActionKind.EndTree, Signals.SIGKILL, Log: $"did not stop after {spec.StopWaitSecs}s, killing process group with SIGKILL", Warn: true));

    /// <summary>The leader is gone but e.Leftovers processes of its tree are not (README: Whole process trees, systemd's
    /// KillMode=control-group): STOPPING until they are — stopsignal now, SIGKILL after stopwaitsecs — then the outcome
    /// decided at the exit, its backoff counted from then. killasgroup = false leaves them, as supervisord does.</summary>
    private static (LifecycleState, LifecycleActions) AfterTree(in LifecycleEvent e, ProcessSpec spec, (LifecycleState State, LifecycleActions Actions) outcome)
    {
        if (e.Leftovers <= 0 || !spec.KillAsGroup) return outcome;
        var (next, a) = outcome;
        var waiting = $"waiting for {e.Leftovers} leftover process{(e.Leftovers == 1 ? "" : "es")}";
        return (next with
            {
                State = ProcessState.Stopping, AwaitingTree = true, Pending = next.State, BackoffUntil = 0,
                PendingDelayMs = next.State == ProcessState.Backoff ? a.TimerDelayMs : 0,
            },
            new(ActionKind.StopHealth | ActionKind.CancelTimer | ActionKind.EndTree | ActionKind.ArmTimer, spec.StopSignal,
                spec.StopWaitSecs * 1000L, a.Log is null ? waiting : $"{a.Log}; {waiting}", a.Warn));
    }

    /// <summary>The tree the leader left is gone: take the state decided at the leader's exit (or asked for since).</summary>
    private static (LifecycleState, LifecycleActions) TreeEnded(in LifecycleState s, in LifecycleEvent e, ProcessSpec spec)
    {
        if (!s.AwaitingTree) return (s, LifecycleActions.None);
        var done = s with { AwaitingTree = false, Pending = ProcessState.Stopped, PendingDelayMs = 0 };
        return s.Pending switch
        {
            ProcessState.Starting => (done with { State = ProcessState.Starting, WantRunning = true },
                new(ActionKind.CancelTimer | ActionKind.Spawn, Log: "leftover processes gone; starting")),
            ProcessState.Backoff => (done with { State = ProcessState.Backoff, BackoffUntil = e.Now + s.PendingDelayMs },
                new(ActionKind.CancelTimer | ActionKind.ArmTimer, TimerDelayMs: s.PendingDelayMs, Log: $"leftover processes gone; starting in {s.PendingDelayMs} ms")),
            var down => (done with { State = down }, new(ActionKind.CancelTimer, Log: "leftover processes gone")),
        };
    }

    private static (LifecycleState, LifecycleActions) BecomeUnhealthy(in LifecycleState s, in LifecycleEvent e, ProcessSpec spec)
    {
        var sick = s with { State = ProcessState.Unhealthy, Unhealthy = true, HealthError = e.Error };
        if (spec.AutoRestart == AutoRestart.False)
            return (sick, new(ActionKind.None, Log: "marked unhealthy", Warn: true));
        int restarts = s.HealthRestarts + 1;
        var (stopping, actions) = restarts > spec.StartRetries
            ? Stop(sick with { HealthRestarts = restarts, WantRunning = false, AfterStop = AfterStop.Fatal }, false, spec,
                $"still unhealthy after {spec.StartRetries} health-triggered restarts; giving up (FATAL)")
            : Stop(sick with { HealthRestarts = restarts, WantRunning = true, AfterStop = AfterStop.Backoff }, false, spec,
                $"restarting due to health check failures (restart {restarts}/{spec.StartRetries})");
        return (stopping, actions with { Via = ProcessState.Unhealthy });
    }

    private static (LifecycleState, LifecycleActions) HoldDown(in LifecycleState s, in LifecycleEvent e, ProcessSpec spec)
        => (s with { Held = true, WantRunning = false, AfterStop = AfterStop.Stay }, LifecycleActions.None);

    private static (LifecycleState, LifecycleActions) HoldBackoff(in LifecycleState s, in LifecycleEvent e, ProcessSpec spec)
        => CancelBackoff(s with { Held = true }, e, spec);

    private static (LifecycleState, LifecycleActions) HoldAndStop(in LifecycleState s, in LifecycleEvent e, ProcessSpec spec)
        => BeginStop(s with { Held = true }, e, spec);

    private static (LifecycleState, LifecycleActions) HoldWhileStopping(in LifecycleState s, in LifecycleEvent e, ProcessSpec spec)
        => StopWhileStopping(s with { Held = true }, e, spec);

    private static (LifecycleState, LifecycleActions) StayHealthy(in LifecycleState s, in LifecycleEvent e, ProcessSpec spec)
        => (s with { HealthRestarts = 0, Unhealthy = false }, LifecycleActions.None);

    private static (LifecycleState, LifecycleActions) Recover(in LifecycleState s, in LifecycleEvent e, ProcessSpec spec)
        => (s with { State = ProcessState.Running, HealthRestarts = 0, Unhealthy = false, HealthError = null }, new(ActionKind.None, Log: "health check passed; healthy again"));

    private static (LifecycleState, LifecycleActions) BeginWait(in LifecycleState s, in LifecycleEvent e, ProcessSpec spec)
        => s.Held ? (s, LifecycleActions.None) : (s with { State = ProcessState.Waiting, WantRunning = true, Attempts = 0, HealthRestarts = 0, SpawnError = null,
            DependencyError = null, AfterStop = AfterStop.Stay, BackoffUntil = 0 }, new(ActionKind.CancelTimer));

    private static (LifecycleState, LifecycleActions) CancelWait(in LifecycleState s, in LifecycleEvent e, ProcessSpec spec)
        => (s with { State = ProcessState.Stopped, WantRunning = false }, LifecycleActions.None);

    private static (LifecycleState, LifecycleActions) HoldWaiting(in LifecycleState s, in LifecycleEvent e, ProcessSpec spec)
        => CancelWait(s with { Held = true }, e, spec);

    private static (LifecycleState, LifecycleActions) FailDependency(in LifecycleState s, in LifecycleEvent e, ProcessSpec spec)
        => (s with { State = ProcessState.Fatal, WantRunning = false, DependencyError = e.Error }, new(ActionKind.None, Log: e.Error, Warn: true));
}
