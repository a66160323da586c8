using System.Runtime.InteropServices;

namespace Supervice.Core.Native;

/// <summary>posix_spawn and its attribute / file-action builders (glibc ≥ 2.34 for addclosefrom_np).</summary>
internal static unsafe partial class Libc
{
    public const short POSIX_SPAWN_SETSIGDEF = 0x04, POSIX_SPAWN_SETSIGMASK = 0x08, POSIX_SPAWN_SETSID = 0x80;

    /// <summary>Generous sizes for the opaque glibc structs (attr is 336 bytes, file actions 80).</summary>
    public const int SpawnAttrSize = 512, FileActionsSize = 512, SigSetSize = 128;

    /// <summary>access(2) mode: may the caller execute the file (a PATH lookup keeps only those).</summary>
    public const int X_OK = 1;

    [LibraryImport("libc")]
    public static partial int posix_spawn(int* pid, byte* path, void* fileActions, void* attr, byte** argv, byte** envp);

    [LibraryImport("libc")]
    public static partial int posix_spawnattr_init(void* attr);

    [LibraryImport("libc")]
    public static partial int posix_spawnattr_destroy(void* attr);

    [LibraryImport("libc")]
    public static partial int posix_spawnattr_setflags(void* attr, short flags);

    [LibraryImport("libc")]
    public static partial int posix_spawnattr_setsigmask(void* attr, void* sigset);

    [LibraryImport("libc")]
    public static partial int posix_spawnattr_setsigdefault(void* attr, void* sigset);

    [LibraryImport("libc")]
    public static partial int posix_spawn_file_actions_init(void* fa);

    [LibraryImport("libc")]
    public static partial int posix_spawn_file_actions_destroy(void* fa);

    [LibraryImport("libc")]
    public static partial int posix_spawn_file_actions_adddup2(void* fa, int fd, int newFd);

    [LibraryImport("libc")]
    public static partial int posix_spawn_file_actions_addopen(void* fa, int fd, byte* path, int oflag, int mode);

    [LibraryImport("libc")]
    public static partial int posix_spawn_file_actions_addclose(void* fa, int fd);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int dup2(int fd, int newFd);

    [LibraryImport("libc")]
    public static partial int posix_spawn_file_actions_addchdir_np(void* fa, byte* path);

    [LibraryImport("libc")]
    public static partial int posix_spawn_file_actions_addclosefrom_np(void* fa, int from);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int execve(byte* path, byte** argv, byte** envp);
}
