using System.Runtime.InteropServices;

namespace Supervice.Core.Native;

/// <summary>Credentials and the user database.</summary>
internal static unsafe partial class Libc
{
    [LibraryImport("libc", SetLastError = true)]
    public static partial int setuid(uint uid);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int setgid(uint gid);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int setgroups(nint size, uint* list);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int initgroups(byte* user, uint group);

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
