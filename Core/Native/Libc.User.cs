using System.Runtime.InteropServices;

namespace Supervice.Core.Native;

/// <summary>The user database (credentials are changed in the spawned child by NativeSpawn).</summary>
internal static unsafe partial class Libc
{
    /// <summary>struct passwd on x86_64: name, passwd (char*), uid, gid (uint), gecos, dir, shell (char*).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Passwd
    {
        public byte* Name, Password;
        public uint Uid, Gid;
        public byte* Gecos, Dir, Shell;
    }

    [LibraryImport("libc")]
    public static partial int getpwnam_r(byte* name, Passwd* pwd, byte* buf, nint bufLen, Passwd** result);
}
