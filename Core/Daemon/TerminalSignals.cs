using Supervice.Config;
using Supervice.Core.Native;

namespace Supervice.Core.Daemon;

/// <summary>SIGINT and SIGQUIT for the daemon. The runtime installs no handler for these two unless System.Console starts
/// its terminal handling — which the daemon never does, since that also takes over SIGCHLD — so a registration alone
/// left their default action, death, in place: Ctrl-C of `daemon -n`, or a container's SIGQUIT, killed the daemon
/// without a shutdown. So the daemon runs with both blocked in every thread (it blocks them, then executes its own
/// binary again, so that every runtime thread starts with that mask) and takes them from one thread with sigwaitinfo.
/// Children get an empty mask at spawn.</summary>
public static unsafe class TerminalSignals
{
    private static readonly int[] Taken = [Signals.SIGINT, Signals.SIGQUIT];

    /// <summary>Blocks SIGINT and SIGQUIT and re-executes the process with the same arguments and environment, unless
    /// they are already blocked (the re-executed daemon). Returns only when they are blocked, or when the re-exec failed
    /// (then they are unblocked again and keep their usual handling).</summary>
    public static void EnsureBlocked()
    {
        if (AllBlocked()) return;
        var set = Taking();
        Libc.SigSet old;
        Libc.pthread_sigmask(Libc.SIG_BLOCK, &set, &old);
        using var arena = new NativeArena();
        var argv = arena.Array(NulSeparated("/proc/self/cmdline"));
        var envp = arena.Array(NulSeparated("/proc/self/environ"));
        Libc.execve(arena.String("/proc/self/exe"), argv, envp);
        Libc.pthread_sigmask(Libc.SIG_SETMASK, &old, null); // exec failed: carry on as before
    }

    /// <summary>The NUL-terminated strings of a /proc file such as cmdline or environ (empty ones kept: an argv
    /// entry may be empty).</summary>
    internal static List<string> NulSeparated(string path)
    {
        var raw = File.ReadAllBytes(path);
        var list = new List<string>();
        int start = 0;
        for (int i = 0; i < raw.Length; i++)
        {
            if (raw[i] != 0) continue;
            list.Add(System.Text.Encoding.UTF8.GetString(raw, start, i - start));
            start = i + 1;
        }
        return list;
    }

    /// <summary>Starts the thread that turns a blocked SIGINT/SIGQUIT into onSignal(number); false when they are not
    /// blocked (EnsureBlocked could not re-exec).</summary>
    public static bool Listen(Action<int> onSignal)
    {
        if (!AllBlocked()) return false;
        foreach (var sig in Taken) Libc.ResetSignal(sig); // a shell's SIG_IGN (nohup, `&`) must not discard them
        new Thread(() =>
        {
            var set = Taking();
            while (true)
            {
                int sig = Libc.sigwaitinfo(&set, null);
                if (sig > 0) onSignal(sig);
            }
        }) { IsBackground = true, Name = "terminal-signals" }.Start();
        return true;
    }

    private static bool AllBlocked()
    {
        var mask = default(Libc.SigSet);
        Libc.pthread_sigmask(Libc.SIG_BLOCK, null, &mask);
        foreach (var sig in Taken) if (!mask.Contains(sig)) return false;
        return true;
    }

    private static Libc.SigSet Taking()
    {
        var set = default(Libc.SigSet);
        foreach (var sig in Taken) set.Add(sig);
        return set;
    }
}
