using System.Runtime.InteropServices;

namespace Supervice.Core.Native;

/// <summary>libc calls used by the RPC room: tty detection.</summary>
internal static unsafe partial class Libc
{
    [LibraryImport("libc")]
    public static partial int isatty(int fd);
}
