using System.Runtime.InteropServices;

namespace Supervice.Core.Native;

/// <summary>What one spawn does in the child, laid out as struct supervice_spawn_plan of native/spawn.c (keep the two
/// in step). Strings and arrays point to native memory that outlives the call; FdMoves holds FdMoveCount
/// (source, target) pairs. -1 keeps Uid/Gid/Umask; CloseFrom -1 closes nothing. FailStage/FailErrno are written by
/// the child when it could not reach execve.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct SpawnPlan
{
    public byte* Path;
    public byte** Argv;
    public byte** Envp;
    public byte* Dir;
    public byte* CgroupProcs;
    public byte* GroupsUser;
    public int* FdMoves;
    public int FdMoveCount;
    public int CloseFrom;
    public int SetSid;
    public int PdeathSig;
    public int ParentPid;
    public int Uid, Gid;
    public int SingleGroup;
    public int Umask;
    public int FailStage;
    public int FailErrno;
}

/// <summary>The one spawn function of the binary (native/spawn.c, linked in statically; a shared library beside the
/// assemblies under the JIT): a vfork-style clone (CLONE_VM|CLONE_VFORK|CLONE_FILES, see spawn.c), then in the child
/// only C code — a private table of the low fds, cgroup join, setsid, groups/gid/uid,
/// PR_SET_PDEATHSIG and the getppid() re-check, umask, chdir, the fd moves, closing the rest, every signal at its
/// default with an empty mask — and execve. Returns 0 or the errno of clone; the child's own failure is in the plan.</summary>
internal static unsafe partial class NativeSpawn
{
    public const int StageCredentials = 1, StageExec = 2, StageCgroup = 3, StageChdir = 4;

    [LibraryImport("supervice_native", EntryPoint = "supervice_spawn")]
    public static partial int Spawn(SpawnPlan* plan, int* pid);

    /// <summary>The spawn's own read-only /dev/null, shared and never closed (the fd slots hold it open, below the range a
    /// child copies, so a stdin moved from it costs no parking); -1 when it could not be opened.</summary>
    /// <summary>false: every later spawn joins its cgroup by writing cgroup.procs in the child, as on kernels before 5.7 and
    /// under seccomp filters that refuse clone3 (the test harness uses it to cover that way too).</summary>
    [LibraryImport("supervice_native", EntryPoint = "supervice_spawn_use_clone3")]
    public static partial void UseClone3(int use);

    [LibraryImport("supervice_native", EntryPoint = "supervice_null_fd")]
    public static partial int NullFd();

    /// <summary>/dev/null opened close-on-exec (a source of an fd move); -1 with errno on failure.</summary>
    public static int OpenDevNull(int flags)
    {
        fixed (byte* p = "/dev/null\0"u8) return Libc.open(p, flags | Libc.O_CLOEXEC, 0);
    }

    /// <summary>A plan with nothing to change yet: no user, no umask, no directory, no fd moves.</summary>
    public static SpawnPlan Plan(byte* path, byte** argv, byte** envp) => new()
    {
        Path = path, Argv = argv, Envp = envp, CloseFrom = -1, Uid = -1, Gid = -1, Umask = -1,
    };
}
