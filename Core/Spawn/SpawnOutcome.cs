namespace Supervice.Core.Spawn;

/// <summary>The result of one spawn. Fds are the parent's read ends (O_NONBLOCK|O_CLOEXEC); StderrFd is -1 when
/// stderr goes to the stdout pipe. On failure Error is set, Pid is 0 and every fd is -1; Permanent errors
/// (permission, unknown user, refused uid switch) must not be retried. With a deferred shim report,
/// ExecReport is the read end of the shim's error pipe: EOF means the target was exec'd; 8 bytes are a failure
/// to decode with <see cref="ShimReport"/>. StdinFd is the write end of a requested stdin pipe (blocking, CLOEXEC).</summary>
public readonly record struct SpawnOutcome(int Pid, int PidFd, int StdoutFd, int StderrFd, string? Error, bool Permanent, int ExecReportFd = -1, ShimReport? Report = null,
    int ReadyFd = -1, int StdinFd = -1)
{
    public bool Ok => Error is null;

    public static SpawnOutcome Failed(string error, bool permanent) => new(0, -1, -1, -1, error, permanent);
}
