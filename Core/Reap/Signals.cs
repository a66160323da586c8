using Supervice.Core.Native;

namespace Supervice.Core.Reap;

/// <summary>Sending signals to children and their process groups, and the daemon's own dispositions.</summary>
public static unsafe class Signals
{
    public static bool SendToGroup(int pgid, int sig) => pgid > 0 && Libc.kill(-pgid, sig) == 0;

    public static bool Send(int pid, int sig) => pid > 0 && Libc.kill(pid, sig) == 0;

    /// <summary>Children are session leaders (pgid == pid), so the group is addressed by the child's pid.</summary>
    public static bool Send(int pid, int sig, bool group) => group ? SendToGroup(pid, sig) || Send(pid, sig) : Send(pid, sig);

    /// <summary>SIGKILL what is left of a group after its leader exited; nothing left is not an error.</summary>
    public static void KillGroupQuietly(int pgid, int sig) => SendToGroup(pgid, sig);

    /// <summary>Race-free against pid reuse: the pidfd names exactly the process we spawned.</summary>
    public static bool SendViaPidFd(int pidFd, int sig) => pidFd >= 0 && Libc.pidfd_send_signal(pidFd, sig) == 0;

    public static void ResetToDefault(int sig) => Libc.ResetSignal(sig);

    /// <summary>SIG_IGN for one signal (the handler field, first in struct sigaction, set to 1).</summary>
    public static void Ignore(int sig)
    {
        byte* act = stackalloc byte[Libc.SigActionSize];
        new Span<byte>(act, Libc.SigActionSize).Clear();
        *(nint*)act = 1;
        Libc.sigaction(sig, act, null);
    }
}
