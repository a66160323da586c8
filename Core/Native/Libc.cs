using System.Runtime.InteropServices;

namespace Supervice.Core.Native;

/// <summary>libc calls. Every P/Invoke of the product lives in Core/Native, one partial file per native function or
/// tight family (Libc.Fd, Libc.Stat, Libc.Wait, ...), its constants and struct layouts beside it; the layouts are
/// x86_64 glibc's (the only RID we build; Tests/Unit/Core/Native/LayoutOfStructsTests checks them). This file: errno,
/// and the one way to retry a call that a signal interrupted.</summary>
internal static unsafe partial class Libc
{
    public const int EPERM = 1, ENOENT = 2, EINTR = 4, ENXIO = 6, ECHILD = 10, EAGAIN = 11, EWOULDBLOCK = 11, EACCES = 13,
        EEXIST = 17, ENFILE = 23, EMFILE = 24, ELOOP = 40;

    public static int Errno => Marshal.GetLastPInvokeError();

    public static string StrError(int errno) => Marshal.GetPInvokeErrorMessage(errno);

    /// <summary>True when a call returned -1 with EINTR, i.e. should simply be made again. The product's one EINTR test,
    /// written as a loop condition so that it costs nothing (no delegate, no closure, pointers allowed):
    /// <c>do n = Libc.read(fd, buf, len); while (Libc.Interrupted(n));</c>. An int result widens to nint.</summary>
    public static bool Interrupted(nint result) => result < 0 && Errno == EINTR;
}
