namespace Supervice.Core.Spawn;

/// <summary>The result of one spawn. Fds are the parent's read ends (O_NONBLOCK|O_CLOEXEC); StderrFd is -1 when
/// stderr goes to the stdout pipe. On failure Error is set, Pid is 0 and every fd is -1; Permanent errors
/// (permission, unknown user, refused uid switch) must not be retried; CgroupRefused: the kernel refused the move
/// into the program's cgroup. StdinFd is the write end of a requested stdin pipe (blocking, CLOEXEC).</summary>
public readonly record struct SpawnOutcome(int Pid, int PidFd, int StdoutFd, int StderrFd, string? Error, bool Permanent,
    int ReadyFd = -1, int StdinFd = -1, bool CgroupRefused = false)
{
    public bool Ok => Error is null;

    public static SpawnOutcome Failed(string error, bool permanent) => new(0, -1, -1, -1, error, permanent);
}
