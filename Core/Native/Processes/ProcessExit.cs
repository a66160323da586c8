
namespace Supervice.Core.Native.Processes;

/// <summary>Waits for any process (not only a child) to exit, without polling: a pidfd becomes readable when it does.</summary>
public static unsafe class ProcessExit
{
    /// <summary>True when the process is gone (or was already), false at the timeout.</summary>
    public static bool Wait(int pid, TimeSpan timeout)
    {
        int fd = Libc.pidfd_open(pid);
        if (fd < 0) return true; // ESRCH: already gone
        try
        {
            var p = new Libc.PollFd { Fd = fd, Events = Libc.POLLIN };
            var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
            while (true)
            {
                var left = deadline - Environment.TickCount64;
                if (left <= 0) return false;
                int rc = Libc.poll(&p, 1, (int)Math.Min(left, int.MaxValue));
                if (rc > 0) return true;
                if (rc == 0) return false;
                if (!Libc.Interrupted(rc)) return true;
            }
        }
        finally { Libc.close(fd); }
    }
}
