using System.Runtime.InteropServices;

namespace Supervice.Core.Native;

/// <summary>pidfds (no glibc wrapper on older systems, so through syscall): a descriptor naming exactly one process,
/// readable once it exits, and a signal that cannot reach a recycled pid.</summary>
internal static unsafe partial class Libc
{
    private const long SYS_pidfd_send_signal = 424, SYS_pidfd_open = 434;

    [LibraryImport("libc", SetLastError = true)]
    private static partial long syscall(long number, long a1, long a2, long a3, long a4);

    public static int pidfd_open(int pid) => (int)syscall(SYS_pidfd_open, pid, 0, 0, 0);

    public static int pidfd_send_signal(int pidFd, int sig) => (int)syscall(SYS_pidfd_send_signal, pidFd, sig, 0, 0);
}
