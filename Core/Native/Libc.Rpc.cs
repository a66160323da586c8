using System.Runtime.InteropServices;

namespace Supervice.Core.Native;

/// <summary>libc calls used by the RPC room: socket creation mode, identity of the daemon, tty detection.</summary>
internal static unsafe partial class Libc
{
    [LibraryImport("libc")]
    public static partial uint umask(uint mask);

    [LibraryImport("libc")]
    public static partial uint geteuid();

    [LibraryImport("libc")]
    public static partial int isatty(int fd);
}
