using System.Runtime.InteropServices;

namespace Supervice.Core.Native;

/// <summary>File calls the daemon plumbing needs (pid file, socket ownership).</summary>
internal static unsafe partial class Libc
{
    public const int EWOULDBLOCK = 11;

    [LibraryImport("libc", SetLastError = true)]
    public static partial int ftruncate(int fd, long length);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int chown(byte* path, uint uid, uint gid);
}
