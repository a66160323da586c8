using System.Runtime.InteropServices;

namespace Supervice.Core.Native;

/// <summary>Process control: wait, signals, pidfds, prctl, sessions.</summary>
internal static unsafe partial class Libc
{
    public const int P_ALL = 0, P_PID = 1, P_PIDFD = 3;
    public const int WNOHANG = 1, WEXITED = 4, WNOWAIT = 0x01000000;
    public const int CLD_EXITED = 1, CLD_KILLED = 2, CLD_DUMPED = 3;
    public const int PR_SET_PDEATHSIG = 1, PR_SET_CHILD_SUBREAPER = 36;
    public const int SIG_SETMASK = 2;
    /// <summary>glibc's struct sigaction on x86_64; all zero = SIG_DFL, empty mask, no flags.</summary>
    public const int SigActionSize = 152, SigInfoSize = 128;
    private const long SYS_pidfd_send_signal = 424, SYS_pidfd_open = 434;

    [LibraryImport("libc", SetLastError = true)]
    private static partial long syscall(long number, long a1, long a2, long a3, long a4);

    public static int pidfd_open(int pid) => (int)syscall(SYS_pidfd_open, pid, 0, 0, 0);

    public static int pidfd_send_signal(int pidFd, int sig) => (int)syscall(SYS_pidfd_send_signal, pidFd, sig, 0, 0);

    /// <summary>info: a SigInfoSize buffer; si_pid at 16, si_status at 24, si_code at 8.</summary>
    [LibraryImport("libc", SetLastError = true)]
    public static partial int waitid(int idType, int id, byte* info, int options);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int waitpid(int pid, int* status, int options);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int kill(int pid, int sig);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int prctl(int option, nint arg2, nint arg3, nint arg4, nint arg5);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int setsid();

    [LibraryImport("libc", SetLastError = true)]
    public static partial int setpgid(int pid, int pgid);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int sigaction(int sig, void* act, void* oldAct);

    [LibraryImport("libc")]
    public static partial int pthread_sigmask(int how, void* set, void* oldSet);

    public const int SIG_BLOCK = 0;

    /// <summary>Waits for one of the (blocked) signals in set; returns its number, -1 with errno (EINTR) otherwise.</summary>
    [LibraryImport("libc", SetLastError = true)]
    public static partial int sigwaitinfo(void* set, void* info);

    /// <summary>Sets the disposition of one signal back to SIG_DFL.</summary>
    public static void ResetSignal(int sig)
    {
        byte* act = stackalloc byte[SigActionSize];
        new Span<byte>(act, SigActionSize).Clear();
        sigaction(sig, act, null);
    }
}
