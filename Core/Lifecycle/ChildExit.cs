namespace Supervice.Core.Lifecycle;

/// <summary>How a child ended. ExitCode is -1 when it was killed by a signal.</summary>
public readonly record struct ChildExit(int Pid, int ExitCode, int Signal, bool CoreDumped)
{
    internal static unsafe ChildExit FromSigInfo(byte* info)
    {
        int code = *(int*)(info + 8), pid = *(int*)(info + 16), status = *(int*)(info + 24);
        return code == Native.Libc.CLD_EXITED
            ? new ChildExit(pid, status, 0, false)
            : new ChildExit(pid, -1, status, code == Native.Libc.CLD_DUMPED);
    }
}
