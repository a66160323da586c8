using Supervice.Core.Native;

namespace Supervice.Core;

/// <summary>Sending signals to children and their process groups.</summary>
public static class Signals
{
    public static bool SendSignalToGroup(int pgid, int sig) => pgid > 0 && Libc.kill(-pgid, sig) == 0;

    public static bool SendSignal(int pid, int sig) => pid > 0 && Libc.kill(pid, sig) == 0;

    /// <summary>Race-free against pid reuse: the pidfd names exactly the process we spawned.</summary>
    public static bool SendSignalViaPidFd(int pidFd, int sig) => pidFd >= 0 && Libc.pidfd_send_signal(pidFd, sig) == 0;
}
