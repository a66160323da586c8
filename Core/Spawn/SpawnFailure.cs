using Supervice.Core.Native;

namespace Supervice.Core.Spawn;

/// <summary>The message users see when the child could not reach execve: the stage it failed at and its errno, as
/// the spawn function reports them.</summary>
internal static class SpawnFailure
{
    public static (string Message, bool Permanent) Describe(int stage, int errno, string path, string? user, string? directory, string? cgroupProcs)
        => stage switch
        {
            NativeSpawn.StageCgroup => ($"cannot join cgroup {Path.GetDirectoryName(cgroupProcs)}: {Libc.StrError(errno)}", false),
            NativeSpawn.StageCredentials => ($"cannot switch to user '{user}': {Libc.StrError(errno)}", true),
            NativeSpawn.StageChdir => ($"cannot change to directory {directory}: {Libc.StrError(errno)}", Spawner.IsPermanent(errno)),
            _ => ($"{path}: {Libc.StrError(errno)}", Spawner.IsPermanent(errno)),
        };
}
