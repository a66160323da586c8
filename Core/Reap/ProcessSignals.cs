using Supervice.Core.Native;

namespace Supervice.Core.Reap;

/// <summary>The raw signal calls and the daemon's own dispositions. Children and their groups are signalled through
/// the Reaper (<see cref="Reaper.SendSignal"/>, <see cref="Reaper.SignalGroup"/>), which owns their pidfds and knows
/// whether a pid is still ours; a raw pid or pgid is only for callers that verified it themselves.</summary>
public static unsafe class ProcessSignals
{
    /// <summary>kill(-pgid): never for pgid ≤ 1 (kill(-1) is every process on the machine) nor the daemon's own group.</summary>
    public static bool SendToGroup(int pgid, int sig) => pgid > 1 && pgid != Libc.getpgrp() && Libc.kill(-pgid, sig) == 0;

    public static bool Send(int pid, int sig) => pid > 0 && Libc.kill(pid, sig) == 0;

    /// <summary>Race-free against pid reuse: the pidfd names exactly the process we spawned.</summary>
    public static bool SendViaPidFd(int pidFd, int sig) => pidFd >= 0 && Libc.pidfd_send_signal(pidFd, sig) == 0;

    public static void ResetToDefault(int sig) => Libc.ResetSignal(sig);

    /// <summary>SIG_IGN for one signal.</summary>
    public static void Ignore(int sig) => Libc.SetDisposition(sig, Libc.SIG_IGN);
}
