using System.Runtime.InteropServices;

namespace Supervice.Core.Native;

/// <summary>Signals: kill, dispositions (typed struct sigaction), masks (typed sigset_t), sigwaitinfo.</summary>
internal static unsafe partial class Libc
{
    public const int SIG_BLOCK = 0, SIG_SETMASK = 2;
    /// <summary>sa_handler values: the default action, and ignore.</summary>
    public const nint SIG_DFL = 0, SIG_IGN = 1;

    /// <summary>glibc's sigset_t (x86_64: 128 bytes, 1024 bits; signal n is bit n-1).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct SigSet
    {
        private fixed ulong _bits[16];

        public void Add(int sig) => _bits[(sig - 1) / 64] |= 1UL << ((sig - 1) % 64);

        public readonly bool Contains(int sig) => (_bits[(sig - 1) / 64] & (1UL << ((sig - 1) % 64))) != 0;
    }

    /// <summary>glibc's struct sigaction (x86_64: 152 bytes); all zero = SIG_DFL, empty mask, no flags.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct SigAction
    {
        public nint Handler;
        public SigSet Mask;
        public int Flags;
        public nint Restorer;
    }

    [LibraryImport("libc", SetLastError = true)]
    public static partial int kill(int pid, int sig);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int sigaction(int sig, SigAction* act, SigAction* oldAct);

    [LibraryImport("libc")]
    public static partial int pthread_sigmask(int how, void* set, void* oldSet);

    /// <summary>Waits for one of the (blocked) signals in set; returns its number, -1 with errno (EINTR) otherwise.</summary>
    [LibraryImport("libc", SetLastError = true)]
    public static partial int sigwaitinfo(SigSet* set, SigInfo* info);

    /// <summary>Sets the disposition of one signal: SIG_DFL or SIG_IGN, empty mask, no flags.</summary>
    public static void SetDisposition(int sig, nint handler)
    {
        var act = new SigAction { Handler = handler };
        sigaction(sig, &act, null);
    }

    /// <summary>Sets the disposition of one signal back to SIG_DFL.</summary>
    public static void ResetSignal(int sig) => SetDisposition(sig, SIG_DFL);
}
