using System.Runtime.InteropServices;
using Supervice.Core.Native;

namespace Supervice.Core.Spawn;

/// <summary>A user database entry, resolved in the daemon at each spawn (NSS through getpwnam_r).</summary>
public sealed record UserInfo(string Name, uint Uid, uint Gid, string Home, string Shell)
{
    public static unsafe UserInfo? Lookup(string name)
    {
        using var arena = new NativeArena();
        var cname = arena.String(name);
        for (int size = 4096; size <= 1 << 20; size *= 4)
        {
            var buf = (byte*)arena.Alloc(size);
            Libc.Passwd pwd;
            Libc.Passwd* result = null;
            var rc = Libc.getpwnam_r(cname, &pwd, buf, size, &result);
            if (rc == 34 /* ERANGE */) continue;
            if (rc != 0 || result == null) return null;
            return new UserInfo(Str(pwd.Name) ?? name, pwd.Uid, pwd.Gid, Str(pwd.Dir) ?? "/", Str(pwd.Shell) ?? "/bin/sh");
        }
        return null;
    }

    private static unsafe string? Str(byte* p) => p == null ? null : Marshal.PtrToStringUTF8((nint)p);
}
