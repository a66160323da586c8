using System.Globalization;
using Supervice.Core.Native;
using Supervice.Config;

namespace Supervice.Core.Spawn;

/// <summary>The hidden exec shim: applies what posix_spawn cannot (cgroup, user, pdeathsig, umask, the fd:N readiness
/// pipe), then execve. Order (README: Security): join the program's cgroup (before it can fork, and while still
/// privileged), setgroups, setgid, setuid, then PR_SET_PDEATHSIG and the getppid() re-check.
/// Runs as `/proc/self/exe __exec PPID PDEATH UID GID GROUPSUSER UMASK CGROUPPROCS READYFD PATH ARGV...` (READYFD
/// `H:N`: the fd:N readiness pipe is at H and must reach the target at N; `-` for none) with the target's envp and
/// a CLOEXEC-on-exec error pipe on fd 3: EOF tells the spawner that execve succeeded, otherwise it reads
/// (stage, errno) as two ints.</summary>
public static unsafe class ExecShim
{
    public const string Verb = "__exec";
    public const int ErrorFd = 3;
    public const int StageCredentials = 1, StageExec = 2, StageCgroup = 3;
    private const int FixedArgs = 10;

    /// <summary>The shim's full argv (argv[0] is the target path, so `ps` shows something meaningful); cgroupProcs is
    /// the cgroup.procs file of the group to join, or null.</summary>
    public static List<string> BuildArgs(int parentPid, bool pdeathSig, UserInfo? user, bool initGroups, int? umask, string? cgroupProcs, string path, IReadOnlyList<string> argv,
        (int Holder, int Target)? readyFd = null)
    {
        var a = new List<string>(FixedArgs + 1 + argv.Count)
        {
            path, Verb, I(parentPid), pdeathSig ? "1" : "0",
            user is null ? "-1" : I(user.Uid), user is null ? "-1" : I(user.Gid),
            user is not null && initGroups ? user.Name : "", I(umask ?? -1), cgroupProcs ?? "",
            readyFd is { } r ? $"{I(r.Holder)}:{I(r.Target)}" : "-", path,
        };
        a.AddRange(argv);
        return a;
    }

    private static string I(long v) => v.ToString(CultureInfo.InvariantCulture);

    public static int Run(string[] args)
    {
        if (args.Length < FixedArgs + 1) return 127;
        int parentPid = int.Parse(args[1], CultureInfo.InvariantCulture);
        bool pdeath = args[2] == "1";
        long uid = long.Parse(args[3], CultureInfo.InvariantCulture), gid = long.Parse(args[4], CultureInfo.InvariantCulture);
        string groupsUser = args[5];
        int mask = int.Parse(args[6], CultureInfo.InvariantCulture);
        string cgroupProcs = args[7];
        var ready = args[8] == "-" ? ((int, int)?)null
            : (int.Parse(args[8][..args[8].IndexOf(':')], CultureInfo.InvariantCulture), int.Parse(args[8][(args[8].IndexOf(':') + 1)..], CultureInfo.InvariantCulture));
        string path = args[9];

        // Everything is allocated before credentials and signal state change: after that only raw calls run.
        var arena = new NativeArena();
        var cpath = arena.String(path);
        var argv = arena.Array(args[FixedArgs..]);
        var envp = arena.Array(ReadOwnEnvironment());
        var cuser = groupsUser.Length > 0 ? arena.String(groupsUser) : null;

        if (cgroupProcs.Length > 0 && JoinCgroup(arena.String(cgroupProcs)) is var joinErrno && joinErrno != 0) return Fail(StageCgroup, joinErrno);

        // setgroups, setgid, setuid first: the kernel clears the parent-death signal on every credential change.
        if (uid >= 0 && !SwitchUser((uint)uid, (uint)gid, cuser)) return Fail(StageCredentials, Libc.Errno);
        if (pdeath)
        {
            Libc.prctl(Libc.PR_SET_PDEATHSIG, Signals.SIGKILL, 0, 0, 0);
            if (Libc.getppid() != parentPid) return 126; // the supervisor died before we armed the signal
        }
        if (mask >= 0) Libc.umask(mask);
        for (int s = 1; s <= 64; s++) if (s != Signals.SIGKILL && s != Signals.SIGSTOP) Libc.ResetSignal(s); // the runtime ignores SIGPIPE; that would survive execve
        byte* empty = stackalloc byte[Libc.SigSetSize];
        new Span<byte>(empty, Libc.SigSetSize).Clear();
        if (ready is (var holder, var target) && holder != target) { Libc.dup2(holder, target); Libc.close(holder); } // fd:3 replaces the error pipe
        Libc.close_range(ErrorFd, uint.MaxValue, Libc.CLOSE_RANGE_CLOEXEC); // the runtime's own fds and the error pipe
        if (ready is (_, var readyTarget)) Libc.fcntl(readyTarget, Libc.F_SETFD, 0); // ...but not the fd:N pipe
        Libc.pthread_sigmask(Libc.SIG_SETMASK, empty, null);
        Libc.execve(cpath, argv, envp);
        return Fail(StageExec, Libc.Errno);
    }

    /// <summary>Writes "0" (this process) into cgroup.procs; 0 or the errno.</summary>
    private static int JoinCgroup(byte* procsFile)
    {
        int fd = Libc.open(procsFile, Libc.O_WRONLY | Libc.O_CLOEXEC, 0);
        if (fd < 0) return Libc.Errno;
        byte zero = (byte)'0';
        int errno = Libc.write(fd, &zero, 1) == 1 ? 0 : Libc.Errno;
        Libc.close(fd);
        return errno;
    }

    private static bool SwitchUser(uint uid, uint gid, byte* groupsUser)
    {
        if (Libc.geteuid() == uid && Libc.getuid() == uid && Libc.getgid() == gid) return true;
        if (groupsUser != null && Libc.initgroups(groupsUser, gid) != 0) return false;
        if (groupsUser == null && Libc.geteuid() == 0)
        {
            uint g = gid;
            if (Libc.setgroups(1, &g) != 0) return false;
        }
        return Libc.setgid(gid) == 0 && Libc.setuid(uid) == 0;
    }

    private static int Fail(int stage, int errno)
    {
        int* report = stackalloc int[2];
        report[0] = stage;
        report[1] = errno;
        Libc.write(ErrorFd, (byte*)report, 8);
        return 127;
    }

    private static List<string> ReadOwnEnvironment() => [.. NulSeparated("/proc/self/environ").Where(e => e.Length > 0)];

    /// <summary>The NUL-terminated strings of a /proc file such as cmdline or environ (empty ones kept: an argv
    /// entry may be empty).</summary>
    public static List<string> NulSeparated(string path)
    {
        var raw = File.ReadAllBytes(path);
        var list = new List<string>();
        int start = 0;
        for (int i = 0; i < raw.Length; i++)
        {
            if (raw[i] != 0) continue;
            list.Add(System.Text.Encoding.UTF8.GetString(raw, start, i - start));
            start = i + 1;
        }
        return list;
    }
}
