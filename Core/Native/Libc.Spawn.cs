using System.Runtime.InteropServices;

namespace Supervice.Core.Native;

/// <summary>What starting programs needs besides the spawn function (NativeSpawn): execve for the daemon's own
/// re-execution and access(2)'s X_OK.</summary>
internal static unsafe partial class Libc
{
    /// <summary>access(2) mode: may the caller execute the file (a PATH lookup keeps only those).</summary>
    public const int X_OK = 1;

    [LibraryImport("libc", SetLastError = true)]
    public static partial int execve(byte* path, byte** argv, byte** envp);
}
