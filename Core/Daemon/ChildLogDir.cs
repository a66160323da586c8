using Supervice.Config.Model;
using Supervice.Core.Native;

namespace Supervice.Core.Daemon;

/// <summary>The directory of `AUTO` log files (supervisord's childlogdir), made safe before any child writes there:
/// the default one is created 0700 and must be ours and 0700; a configured one must be a real directory of ours (or
/// root's) that no group or other user can write, so nobody else can plant a file at the predictable names.</summary>
public static class ChildLogDir
{
    private const int Private = 0x1C0; // 0700

    /// <summary>Null when no process uses AUTO or the directory is fit; else why not, naming the directory.</summary>
    public static unsafe string? Ensure(ConfigModel model)
    {
        var settings = model.Supervisor;
        var dir = settings.AutoLogDir;
        if (dir.Length == 0 || !model.Processes.Any(p => InDir(p.Stdout, dir) || InDir(p.Stderr, dir))) return null;
        if (settings.AutoLogDirIsDefault && Libc.LStat(dir) is null)
        {
            using var arena = new NativeArena();
            if (Libc.mkdir(arena.String(dir), Private) != 0 && Libc.Errno != Libc.EEXIST)
                return $"cannot create the directory for AUTO log files {dir}: {Libc.StrError(Libc.Errno)}";
        }
        if (Libc.LStat(dir) is not { } st) return $"cannot use the directory for AUTO log files {dir}: {Libc.StrError(Libc.Errno)}";
        if (st.Type != Libc.S_IFDIR) return $"refusing the directory for AUTO log files {dir}: it is {Libc.TypeName(st.Type)}, not a directory";
        var self = Libc.geteuid();
        if (st.Uid != self && !(st.Uid == 0 && !settings.AutoLogDirIsDefault))
            return $"refusing the directory for AUTO log files {dir}: it is owned by uid {st.Uid}, not by the daemon's uid {self}";
        if (settings.AutoLogDirIsDefault && st.Permissions != Private)
            return $"refusing the directory for AUTO log files {dir}: its mode is {Octal(st.Permissions)}, not 0700";
        if ((st.Permissions & 0x12) != 0)
            return $"refusing childlogdir {dir}: it is writable by {((st.Permissions & 0x2) != 0 ? "others" : "its group")} (mode {Octal(st.Permissions)}), who could plant files at the AUTO log names";
        return null;
    }

    private static bool InDir(LogSpec log, string dir) => log.Path is { } p && Path.GetDirectoryName(p) == dir;

    private static string Octal(int mode) => Convert.ToString(mode, 8).PadLeft(4, '0');
}
