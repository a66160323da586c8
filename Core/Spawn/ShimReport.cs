using Supervice.Core.Native;


namespace Supervice.Core.Spawn;

/// <summary>Turns the exec shim's failure report (stage, errno as two native ints) into the spawn error users see.</summary>
public sealed record ShimReport(string? User, string Path, string? Cgroup = null)
{
    public (string Message, bool Permanent) Describe(int stage, int errno)
    {
        if (stage == ExecShim.StageCgroup) return ($"cannot join cgroup {Cgroup}: {Libc.StrError(errno)}", false);
        var what = stage == ExecShim.StageCredentials ? $"cannot switch to user '{User}'" : Path;
        return ($"{what}: {Libc.StrError(errno)}", stage == ExecShim.StageCredentials || Spawner.IsPermanent(errno));
    }

    /// <summary>The 8 bytes the shim writes before exiting, or null when it exec'd (EOF before a full report).</summary>
    public (string Message, bool Permanent, int Stage)? Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 8) return null;
        int stage = BitConverter.ToInt32(bytes[..4]);
        var (message, permanent) = Describe(stage, BitConverter.ToInt32(bytes[4..8]));
        return (message, permanent, stage);
    }
}
