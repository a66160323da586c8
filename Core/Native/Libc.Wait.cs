using System.Runtime.InteropServices;

namespace Supervice.Core.Native;

/// <summary>waitid / waitpid: how a child ended, read from a typed siginfo_t.</summary>
internal static unsafe partial class Libc
{
    public const int P_ALL = 0, P_PID = 1, P_PIDFD = 3;
    public const int WNOHANG = 1, WEXITED = 4, WNOWAIT = 0x01000000;
    /// <summary>si_code of a SIGCHLD siginfo: exited (si_status = exit code), else killed by si_status (dumped: with a core).</summary>
    public const int CLD_EXITED = 1, CLD_DUMPED = 3;

    /// <summary>siginfo_t as waitid fills it (x86_64: 128 bytes; the SIGCHLD fields of the union).</summary>
    [StructLayout(LayoutKind.Explicit, Size = 128)]
    public struct SigInfo
    {
        [FieldOffset(0)] public int Signo;
        [FieldOffset(4)] public int Errno;
        [FieldOffset(8)] public int Code;
        [FieldOffset(16)] public int Pid;
        [FieldOffset(20)] public uint Uid;
        [FieldOffset(24)] public int Status;
    }

    [LibraryImport("libc", SetLastError = true)]
    public static partial int waitid(int idType, int id, SigInfo* info, int options);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int waitpid(int pid, int* status, int options);
}
