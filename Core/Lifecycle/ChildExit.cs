namespace Supervice.Core.Lifecycle;

/// <summary>How a child ended. ExitCode is -1 when it was killed by a signal.</summary>
public readonly record struct ChildExit(int Pid, int ExitCode, int Signal, bool CoreDumped)
{
    internal static ChildExit FromSigInfo(in Native.Libc.SigInfo info) => info.Code == Native.Libc.CLD_EXITED
        ? new ChildExit(info.Pid, info.Status, 0, false)
        : new ChildExit(info.Pid, -1, info.Status, info.Code == Native.Libc.CLD_DUMPED);
}
