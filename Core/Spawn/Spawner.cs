using System.Collections.Immutable;
using Supervice.Config;
using Supervice.Core.Native;
using Supervice.Core.Reap;

namespace Supervice.Core.Spawn;

/// <summary>Starts children with one vfork-style clone + execve each (Core/Native/native/spawn.c); never fork() from managed code
/// (a child forked while another thread started a GC hangs forever). The child runs only that C code, which applies
/// the cgroup, session, user, pdeathsig, umask, directory and fds before execve, so every failure — exec, chdir,
/// credentials, cgroup join — is known when Spawn returns.
/// Call Spawn from one long-lived thread only: Linux fires the parent-death signal when the spawning THREAD exits.</summary>
public sealed unsafe class Spawner
{
    private readonly Reaper? _reaper;

    /// <param name="reaper">When given, spawned pids are reserved with it so its orphan sweep never steals their status.</param>
    public Spawner(Reaper? reaper = null) => _reaper = reaper;

    public SpawnOutcome Spawn(SpawnRequest request)
    {
        if (request.Argv.IsDefaultOrEmpty) return SpawnOutcome.Failed("empty command", true);
        var argv0 = request.Argv[0];
        var path = CommandPath.Resolve(argv0, System.Environment.GetEnvironmentVariable("PATH"));
        if (path is null) return SpawnOutcome.Failed($"command not found: {argv0}", false);
        if (request.Directory is { } dir && !Directory.Exists(dir))
            return SpawnOutcome.Failed($"directory not found: {dir}", false);
        UserInfo? user = null;
        if (request.User is { } userName && (user = UserInfo.Lookup(userName)) is null)
            return SpawnOutcome.Failed($"user '{userName}' not found", true);

        using var arena = new NativeArena();
        var plan = NativeSpawn.Plan(arena.String(path), arena.Array(request.Argv), arena.Environment(BuildEnvironment(request, user)));
        plan.Dir = request.Directory is null ? null : arena.String(request.Directory);
        plan.CgroupProcs = request.CgroupProcs is null ? null : arena.String(request.CgroupProcs);
        plan.SetSid = 1;
        plan.ParentPid = System.Environment.ProcessId; // cached by the runtime: no getpid(2) per spawn
        plan.PdeathSig = request.PdeathSig ? Signals.SIGKILL : 0;
        plan.Umask = request.Umask ?? -1;
        if (user is not null)
        {
            plan.Uid = (int)user.Uid;
            plan.Gid = (int)user.Gid;
            bool root = Libc.geteuid() == 0; // only root may set groups: the user's own (initgroups), as systemd does
            plan.GroupsUser = root ? arena.String(user.Name) : null;
            plan.SingleGroup = root ? 1 : 0;
        }

        var pipes = new PipeSet();
        try
        {
            if (!pipes.Open(request.RedirectStderr, out var pipeErrno, request.LargeStdout, request.LargeStderr))
                return SpawnOutcome.Failed($"cannot create pipes: {Libc.StrError(pipeErrno)}", false);
            if (request.ReadyFd > 0 && !pipes.OpenReady(out pipeErrno))
                return SpawnOutcome.Failed($"cannot create the readiness pipe: {Libc.StrError(pipeErrno)}", false);
            if (request.StdinPipe && !pipes.OpenStdin(out pipeErrno))
                return SpawnOutcome.Failed($"cannot create the stdin pipe: {Libc.StrError(pipeErrno)}", false);
            if (!request.StdinPipe && !pipes.OpenDevNullStdin(out pipeErrno))
                return SpawnOutcome.Failed($"cannot open /dev/null: {Libc.StrError(pipeErrno)}", false);
            int* moves = stackalloc int[8]; // (source, target): stdin, stdout, stderr, the fd:N pipe
            moves[0] = pipes.StdinRead; moves[1] = 0;
            moves[2] = pipes.StdoutWrite; moves[3] = 1;
            moves[4] = pipes.StderrWrite >= 0 ? pipes.StderrWrite : pipes.StdoutWrite; moves[5] = 2;
            int count = 3;
            if (request.ReadyFd > 0) { moves[6] = pipes.ReadyWrite; moves[7] = request.ReadyFd; count = 4; }
            plan.FdMoves = moves;
            plan.FdMoveCount = count;
            plan.CloseFrom = Math.Max(3, request.ReadyFd + 1);

            int pid = 0;
            int rc = Start(&plan, &pid);
            pipes.CloseChildEnds();
            if (rc != 0) return SpawnOutcome.Failed($"cannot start {path}: {Libc.StrError(rc)}", false);
            if (plan.FailStage != 0)
            {
                Discard(pid);
                var (message, permanent) = SpawnFailure.Describe(plan.FailStage, plan.FailErrno, path, request.User, request.Directory, request.CgroupProcs);
                return SpawnOutcome.Failed(message, permanent) with { CgroupRefused = plan.FailStage == NativeSpawn.StageCgroup };
            }
            var outcome = new SpawnOutcome(pid, Libc.pidfd_open(pid), pipes.StdoutRead, pipes.StderrRead, null, false, ReadyFd: pipes.ReadyRead, StdinFd: pipes.StdinWrite);
            pipes.Detach();
            return outcome;
        }
        finally
        {
            pipes.CloseAll();
        }
    }

    private int Start(SpawnPlan* plan, int* pid)
    {
        if (_reaper is null) return NativeSpawn.Spawn(plan, pid);
        lock (_reaper.SpawnGate)
        {
            int rc = NativeSpawn.Spawn(plan, pid);
            if (rc == 0) _reaper.Reserve(*pid);
            return rc;
        }
    }

    /// <summary>A child that failed before execve has exited (127); its status is of no interest.</summary>
    private void Discard(int pid)
    {
        if (_reaper is not null) { _reaper.Abandon(pid); return; }
        int status;
        while (Libc.Interrupted(Libc.waitpid(pid, &status, 0))) { }
    }

    internal static bool IsPermanent(int errno) => errno is Libc.EACCES or Libc.EPERM;

    /// <summary>The request's environment; with a user, HOME, USER, LOGNAME and SHELL are the user's unless the
    /// configuration names them itself (as systemd's Environment= wins over what User= implies).</summary>
    private static IReadOnlyList<KeyValuePair<string, string>> BuildEnvironment(SpawnRequest request, UserInfo? user)
    {
        ImmutableArray<KeyValuePair<string, string>> given = request.Environment.IsDefault ? [] : request.Environment;
        if (user is null) return given; // the common case: as the request has it, no copy
        var overrides = new Dictionary<string, string>
        {
            ["HOME"] = user.Home, ["USER"] = user.Name, ["LOGNAME"] = user.Name, ["SHELL"] = user.Shell,
        };
        if (request.Configured is { } configured)
            foreach (var name in configured) overrides.Remove(name);
        var env = new List<KeyValuePair<string, string>>(given.Length + overrides.Count);
        foreach (var kv in given)
            if (!overrides.ContainsKey(kv.Key)) env.Add(kv);
        env.AddRange(overrides);
        return env;
    }
}
