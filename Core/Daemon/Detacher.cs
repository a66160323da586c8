using Supervice.Core.Native;
using Supervice.Core.Native.Streams;

namespace Supervice.Core.Daemon;

/// <summary>Detaching without fork (unsafe in a running .NET process): re-execute our own binary in a new
/// session with stdio on /dev/null and the write end of a ready pipe on fd 3, then wait for the daemon to say
/// `READY pid` (exit 0) or `ERROR message` (exit 1). The working directory is kept, so relative paths in the
/// config keep their meaning.</summary>
public static unsafe class Detacher
{
    /// <summary>The hidden verb the detached daemon runs as (the launcher re-executes itself with it).</summary>
    public const string ChildVerb = "__daemon-child";

    public static int Launch(DaemonOptions options, string configPath)
    {
        var args = new List<string> { "/proc/self/exe", ChildVerb, "-c", Path.GetFullPath(configPath) };
        if (options.LogFile is { } l) { args.Add("-l"); args.Add(Path.GetFullPath(l)); }
        if (options.LogLevel is { } e) { args.Add("-e"); args.Add(e); }

        int* fds = stackalloc int[2];
        if (Libc.pipe2(fds, Libc.O_CLOEXEC) != 0) return Fail($"cannot create the ready pipe: {Libc.StrError(Libc.Errno)}");
        int readEnd = fds[0], writeEnd = fds[1];
        int pid = 0;
        int rc;
        using (var arena = new NativeArena())
        {
            var env = Config.LoadOptions.ProcessEnvironment().Select(kv => $"{kv.Key}={kv.Value}").ToList();
            rc = SpawnDetached(&pid, arena.String("/proc/self/exe"), arena.Array(args), arena.Array(env), writeEnd);
        }
        Libc.close(writeEnd);
        if (rc != 0) { Libc.close(readEnd); return Fail($"cannot start the daemon: {Libc.StrError(rc)}"); }

        var answer = ReadAll(readEnd);
        Libc.close(readEnd);
        if (answer.StartsWith("READY ", StringComparison.Ordinal))
        {
            CliOutput.WriteStdout($"supervice started (pid {answer[6..].Trim()})\n");
            return 0;
        }
        if (answer.StartsWith("ERROR ", StringComparison.Ordinal)) return Fail(answer[6..].Trim());
        // The daemon died before reporting: reap it so its exit status can be told.
        int status = 0;
        Libc.waitpid(pid, &status, 0);
        return Fail($"the daemon exited during startup (status {status >> 8}); see its log file");
    }

    /// <summary>The daemon in a session of its own, stdio on /dev/null, the ready pipe on fd 3 (the spawn function
    /// of every child: vfork + execve, nothing managed in between).</summary>
    private static int SpawnDetached(int* pid, byte* path, byte** argv, byte** envp, int readyFd)
    {
        int input = NativeSpawn.OpenDevNull(Libc.O_RDONLY), output = NativeSpawn.OpenDevNull(Libc.O_WRONLY);
        try
        {
            if (input < 0 || output < 0) return Libc.Errno;
            int* moves = stackalloc int[] { input, 0, output, 1, output, 2, readyFd, Readiness.PipeFd };
            var plan = NativeSpawn.Plan(path, argv, envp);
            plan.SetSid = 1;
            plan.FdMoves = moves;
            plan.FdMoveCount = 4;
            plan.CloseFrom = Readiness.PipeFd + 1;
            int rc = NativeSpawn.Spawn(&plan, pid);
            if (rc != 0) return rc;
            if (plan.FailStage == 0) return 0;
            int status;
            Libc.waitpid(*pid, &status, 0);
            return plan.FailErrno;
        }
        finally
        {
            if (input >= 0) Libc.close(input);
            if (output >= 0) Libc.close(output);
        }
    }

    private static string ReadAll(int fd)
    {
        var buffer = new byte[4096];
        int got = 0;
        fixed (byte* p = buffer)
        {
            while (got < buffer.Length)
            {
                var n = Libc.read(fd, p + got, buffer.Length - got);
                if (n > 0) { got += (int)n; if (buffer.AsSpan(0, got).IndexOf((byte)'\n') >= 0) break; continue; }
                if (Libc.Interrupted(n)) continue;
                break;
            }
        }
        return System.Text.Encoding.UTF8.GetString(buffer, 0, got);
    }

    private static int Fail(string message)
    {
        CliOutput.WriteStderr($"supervice: {message}\n");
        return 1;
    }

    /// <summary>`__daemon-child -c FILE [-l FILE] [-e LEVEL]` → options (always -n: this is the daemon).</summary>
    public static DaemonOptions ParseChildArgs(string[] args)
    {
        string? config = null, log = null, level = null;
        for (int i = 1; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "-c": config = args[i + 1]; break;
                case "-l": log = args[i + 1]; break;
                case "-e": level = args[i + 1]; break;
            }
        }
        return new DaemonOptions(config, true, log, level);
    }
}
