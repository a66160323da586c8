using System.Runtime.InteropServices;

namespace Supervice.Core.Native;

/// <summary>posix_spawn attributes and file actions as every spawn of ours needs them: a new session, an empty
/// signal mask, every signal at its default (this also undoes the runtime's SIGPIPE=SIG_IGN, which would
/// otherwise survive exec) and stdin on /dev/null. Callers add their own file actions, then Spawn.</summary>
internal sealed unsafe class SpawnSetup : IDisposable
{
    private static ReadOnlySpan<byte> DevNull => "/dev/null\0"u8;

    public readonly void* Attr = NativeMemory.AllocZeroed((nuint)Libc.SpawnAttrSize);
    public readonly void* Actions = NativeMemory.AllocZeroed((nuint)Libc.FileActionsSize);

    public SpawnSetup()
    {
        byte* empty = stackalloc byte[Libc.SigSetSize];
        byte* full = stackalloc byte[Libc.SigSetSize];
        new Span<byte>(empty, Libc.SigSetSize).Clear();
        new Span<byte>(full, Libc.SigSetSize).Fill(0xff);
        Libc.posix_spawnattr_init(Attr);
        Libc.posix_spawnattr_setflags(Attr, Libc.POSIX_SPAWN_SETSID | Libc.POSIX_SPAWN_SETSIGMASK | Libc.POSIX_SPAWN_SETSIGDEF);
        Libc.posix_spawnattr_setsigmask(Attr, empty);
        Libc.posix_spawnattr_setsigdefault(Attr, full);
        Libc.posix_spawn_file_actions_init(Actions);
        fixed (byte* devNull = DevNull) Libc.posix_spawn_file_actions_addopen(Actions, 0, devNull, Libc.O_RDONLY, 0);
    }

    public void OpenDevNull(int fd, int flags)
    {
        fixed (byte* devNull = DevNull) Libc.posix_spawn_file_actions_addopen(Actions, fd, devNull, flags, 0);
    }

    public void Dup2(int fd, int target) => Libc.posix_spawn_file_actions_adddup2(Actions, fd, target);

    public void ChDir(byte* dir) => Libc.posix_spawn_file_actions_addchdir_np(Actions, dir);

    public void CloseFrom(int fd) => Libc.posix_spawn_file_actions_addclosefrom_np(Actions, fd);

    public int Spawn(int* pid, byte* path, byte** argv, byte** envp) => Libc.posix_spawn(pid, path, Actions, Attr, argv, envp);

    public void Dispose()
    {
        Libc.posix_spawn_file_actions_destroy(Actions);
        Libc.posix_spawnattr_destroy(Attr);
        NativeMemory.Free(Actions);
        NativeMemory.Free(Attr);
    }
}
