using Supervice.Core.Native;
using Supervice.Core.Reap;

namespace Supervice.Core.Spawn;

/// <summary>Starts children with glibc posix_spawn; never fork() from managed code (a child forked while another
/// thread started a GC hangs forever). Exec and chdir errors come back synchronously.
/// Call Spawn from one long-lived thread only: Linux fires the parent-death signal when the spawning THREAD exits.</summary>
public sealed unsafe class Spawner
{
    private readonly Reaper? _reaper;
    private readonly string _shimPath;

    /// <summary>Do not wait for the exec shim to exec (about 2 ms each, serial): hand back its error pipe instead,
    /// so the caller learns of a failed exec asynchronously and a thousand spawns do not queue behind each other.</summary>
    public bool DeferShimReport { get; init; }

    /// <param name="reaper">When given, spawned pids are reserved with it so its orphan sweep never steals their status.</param>
    /// <param name="shimPath">Our own AOT binary (the exec shim); only a test host needs to pass it.</param>
    public Spawner(Reaper? reaper = null, string shimPath = "/proc/self/exe")
    {
        _reaper = reaper;
        _shimPath = shimPath;
    }

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
        // pdeathsig needs the shim too, although util-linux's `setpriv --pdeathsig KILL` costs ~0.7 ms of CPU per spawn
        // where our AOT shim costs ~3.5 ms: setpriv never re-checks getppid() after arming the signal, so a child whose
        // daemon died in between would run its program under init (README: Security). A shell in between could re-check, but
        // it rewrites the environment (drops names such as A.B, resets IFS, sets PWD).
        // A cgroup needs it too: joined by the daemon after posix_spawn, a fast program could fork before that.
        bool shim = request.PdeathSig || user is not null || request.Umask is not null || request.CgroupProcs is not null;

        using var arena = new NativeArena();
        var env = BuildEnvironment(request, user);
        IReadOnlyList<string> argv = shim
            ? ExecShim.BuildArgs(Libc.getpid(), request.PdeathSig, user, Libc.geteuid() == 0, request.Umask, request.CgroupProcs, path, request.Argv,
                request.ReadyFd > 0 ? (ReadyHolder(request.ReadyFd), request.ReadyFd) : null)
            : request.Argv;
        var cpath = arena.String(shim ? _shimPath : path);
        var cargv = arena.Array(argv);
        var cenvp = arena.Array(env);
        var cdir = request.Directory is null ? null : arena.String(request.Directory);

        var pipes = new PipeSet();
        try
        {
            if (!pipes.Open(request.RedirectStderr, shim, out var pipeErrno, request.LargeStdout, request.LargeStderr))
                return SpawnOutcome.Failed($"cannot create pipes: {Libc.StrError(pipeErrno)}", false);
            if (request.ReadyFd > 0 && !pipes.OpenReady(request.ReadyFd, out pipeErrno))
                return SpawnOutcome.Failed($"cannot create the readiness pipe: {Libc.StrError(pipeErrno)}", false);
            if (request.StdinPipe && !pipes.OpenStdin(out pipeErrno))
                return SpawnOutcome.Failed($"cannot create the stdin pipe: {Libc.StrError(pipeErrno)}", false);
            int pid = 0;
            int rc = PosixSpawn(&pid, cpath, cargv, cenvp, cdir, pipes, shim, request.ReadyFd);
            pipes.CloseChildEnds();
            if (rc != 0) return SpawnOutcome.Failed($"{path}: {Libc.StrError(rc)}", IsPermanent(rc));
            var report = new ShimReport(request.User, path, request.CgroupProcs is { } procs ? Path.GetDirectoryName(procs) : null);
            if (shim && DeferShimReport)
            {
                Libc.fcntl(pipes.ErrorRead, Libc.F_SETFL, Libc.fcntl(pipes.ErrorRead, Libc.F_GETFL, 0) | Libc.O_NONBLOCK);
                var deferred = new SpawnOutcome(pid, Libc.pidfd_open(pid), pipes.StdoutRead, pipes.StderrRead, null, false, pipes.ErrorRead, report, pipes.ReadyRead, pipes.StdinWrite);
                pipes.Detach();
                pipes.ErrorRead = -1;
                return deferred;
            }
            if (shim && ReadShimError(pipes.ErrorRead) is { } failure)
            {
                Discard(pid);
                var (message, permanent) = report.Describe(failure.Stage, failure.Errno);
                return SpawnOutcome.Failed(message, permanent);
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

    /// <summary>Where the spawn puts the fd:N pipe: at N, unless N is the exec shim's error fd (the shim moves it).</summary>
    private static int ReadyHolder(int n) => n == ExecShim.ErrorFd ? ExecShim.ErrorFd + 1 : n;

    private int PosixSpawn(int* pid, byte* path, byte** argv, byte** envp, byte* dir, PipeSet pipes, bool shim, int readyFd)
    {
        using var setup = new SpawnSetup();
        if (pipes.StdinRead >= 0) setup.Dup2(pipes.StdinRead, 0);
        setup.Dup2(pipes.StdoutWrite, 1);
        setup.Dup2(pipes.StderrWrite >= 0 ? pipes.StderrWrite : pipes.StdoutWrite, 2);
        if (shim) setup.Dup2(pipes.ErrorWrite, ExecShim.ErrorFd);
        int holder = readyFd > 0 ? (shim ? ReadyHolder(readyFd) : readyFd) : 0;
        if (holder > 0) setup.Dup2(pipes.ReadyWrite, holder);
        if (dir != null) setup.ChDir(dir);
        setup.CloseFrom(Math.Max(shim ? ExecShim.ErrorFd + 1 : 3, holder + 1));
        if (_reaper is null) return setup.Spawn(pid, path, argv, envp);
        lock (_reaper.SpawnGate)
        {
            int rc = setup.Spawn(pid, path, argv, envp);
            if (rc == 0) _reaper.Reserve(*pid);
            return rc;
        }
    }

    /// <summary>Blocks until the shim execs (EOF) or reports (stage, errno); the shim starts in ~2 ms.</summary>
    private static (int Stage, int Errno)? ReadShimError(int fd)
    {
        int* report = stackalloc int[2];
        int got = 0;
        while (got < 8)
        {
            var n = Libc.read(fd, (byte*)report + got, 8 - got);
            if (n > 0) { got += (int)n; continue; }
            if (Libc.Interrupted(n)) continue;
            break;
        }
        return got == 8 ? (report[0], report[1]) : null;
    }

    private void Discard(int pid)
    {
        if (_reaper is not null) { _reaper.Abandon(pid); return; }
        int status;
        while (Libc.Interrupted(Libc.waitpid(pid, &status, 0))) { }
    }

    internal static bool IsPermanent(int errno) => errno is Libc.EACCES or Libc.EPERM;

    /// <summary>The request's environment; with a user, HOME, USER, LOGNAME and SHELL are the user's unless the
    /// configuration names them itself (as systemd's Environment= wins over what User= implies).</summary>
    private static List<string> BuildEnvironment(SpawnRequest request, UserInfo? user)
    {
        var env = new List<string>(request.Environment.Length + 4);
        var overrides = user is null ? null : new Dictionary<string, string>
        {
            ["HOME"] = user.Home, ["USER"] = user.Name, ["LOGNAME"] = user.Name, ["SHELL"] = user.Shell,
        };
        if (overrides is not null && request.Configured is { } configured)
            foreach (var name in configured) overrides.Remove(name);
        if (!request.Environment.IsDefault)
            foreach (var (k, v) in request.Environment)
                if (overrides is null || !overrides.ContainsKey(k)) env.Add($"{k}={v}");
        if (overrides is not null) foreach (var (k, v) in overrides) env.Add($"{k}={v}");
        return env;
    }
}
