using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Supervice.Config.Model;
using Supervice.Core.Lifecycle;
using Supervice.Core.Native;
using Supervice.Core.Native.Streams;
using Supervice.Core.Output;
using Supervice.Core.Reap;
using Supervice.Core.Spawn;

namespace Supervice.Tests.Harness;

/// <summary>The test harness: `Supervice.Tests.Harness MODE ARGS...` drives the product's Spawner, Reaper and
/// OutputCapture in a process of its own (the test host would reap children itself), and prints key=value lines for
/// Tests/EndToEnd/SelfTestTests.</summary>
public static class SelfTest
{
    public static int Main(string[] args)
    {
        if (args.Length < 1) return 2;
        // As Docker's default seccomp profile: clone3 answers ENOSYS (glibc's pthread_create then uses clone), before
        // any thread of ours exists, so every thread inherits the filter.
        if (args.Contains("--enosys-clone3"))
        {
            if (!RefuseClone3()) { Console.Error.WriteLine("cannot install the seccomp filter"); return 3; }
            args = [.. args.Where(a => a != "--enosys-clone3")];
        }
        using var h = new Harness();
        return args[0] switch
        {
            "run" => h.RunOne(args[1..]),
            "pdeath" => h.PdeathAndHang(args[1..]),
            "capture" => h.Capture(args[1], args[2]),
            "rate" => h.Rate(int.Parse(args[1], CultureInfo.InvariantCulture), args.Length > 2 && args[2] == "--pdeath"),
            "gc-load" => h.SpawnsUnderGcLoad(int.Parse(args[1], CultureInfo.InvariantCulture)),
            "orphans" => h.Orphans(),
            _ => 2,
        };
    }

    /// <summary>A seccomp filter on this thread (and every thread it starts): clone3 fails with ENOSYS, all else runs.</summary>
    private static unsafe bool RefuseClone3()
    {
        const ushort LdAbs = 0x20, JeqK = 0x15, Ret = 0x06;
        const uint NrClone3 = 435, RetErrno = 0x00050000, RetAllow = 0x7fff0000, Enosys = 38;
        ulong* filter = stackalloc ulong[4];
        filter[0] = Insn(LdAbs, 0, 0, 0);           // the syscall number (seccomp_data.nr)
        filter[1] = Insn(JeqK, 0, 1, NrClone3);      // clone3: next; else skip one
        filter[2] = Insn(Ret, 0, 0, RetErrno | Enosys);
        filter[3] = Insn(Ret, 0, 0, RetAllow);
        byte* prog = stackalloc byte[16];            // struct sock_fprog { unsigned short len; struct sock_filter *filter; }
        *(ushort*)prog = 4;
        *(ulong**)(prog + 8) = filter;
        if (Libc.prctl(38 /* PR_SET_NO_NEW_PRIVS */, 1, 0, 0, 0) != 0) return false;
        return Libc.prctl(22 /* PR_SET_SECCOMP */, 2 /* SECCOMP_MODE_FILTER */, (nint)prog, 0, 0) == 0;

        static ulong Insn(ushort code, byte jt, byte jf, uint k) => code | (ulong)jt << 16 | (ulong)jf << 24 | (ulong)k << 32;
    }

    private sealed class Harness : IDisposable
    {
        private readonly ConcurrentDictionary<int, ChildExit> _exits = new();
        private readonly SemaphoreSlim _exited = new(0);
        private readonly Reaper _reaper;
        private readonly Spawner _spawner;
        private readonly OutputCapture _capture = new();
        private readonly FdStream _out = new(1);

        public Harness()
        {
            _reaper = new Reaper(e => { _exits[e.Pid] = e; _exited.Release(); });
            _spawner = new Spawner(_reaper);
        }

        public int RunOne(string[] a)
        {
            var req = Parse(a);
            var sw = Stopwatch.StartNew();
            var o = _spawner.Spawn(req);
            Print($"spawn_ms={sw.Elapsed.TotalMilliseconds:F2}");
            if (!o.Ok) { Print($"error={o.Error}"); Print($"permanent={o.Permanent}"); return 0; }
            Print($"pid={o.Pid}");
            var stdout = new OutputSink("t", "stdout", new LogSpec(null));
            var stderr = new OutputSink("t", "stderr", new LogSpec(null));
            using var closed = new CountdownEvent(o.StderrFd >= 0 ? 2 : 1);
            _capture.Attach(o.StdoutFd, stdout, () => closed.Signal());
            if (o.StderrFd >= 0) _capture.Attach(o.StderrFd, stderr, () => closed.Signal());
            _reaper.Watch(o.Pid, o.PidFd);
            var exit = WaitExit(o.Pid);
            closed.Wait(10_000);
            Print($"exit_code={exit.ExitCode}");
            Print($"signal={exit.Signal}");
            Print($"stdout_b64={Convert.ToBase64String(stdout.TailBytes(65536))}");
            Print($"stderr_b64={Convert.ToBase64String(stderr.TailBytes(65536))}");
            return 0;
        }

        public int PdeathAndHang(string[] a)
        {
            var o = _spawner.Spawn(Parse(a));
            if (!o.Ok) { Print($"error={o.Error}"); return 1; }
            _reaper.Watch(o.Pid, o.PidFd);
            Print($"pid={o.Pid}");
            Thread.Sleep(Timeout.Infinite);
            return 0;
        }

        public int Capture(string source, string logFile)
        {
            var sink = new OutputSink("cat", "stdout", new LogSpec(logFile, 0, 0));
            var sw = Stopwatch.StartNew();
            var o = _spawner.Spawn(Request(["cat", source], pdeath: false));
            if (!o.Ok) { Print($"error={o.Error}"); return 1; }
            using var closed = new ManualResetEventSlim();
            _capture.Attach(o.StdoutFd, sink, closed.Set);
            Libc.close(o.StderrFd);
            _reaper.Watch(o.Pid, o.PidFd);
            WaitExit(o.Pid);
            closed.Wait();
            var seconds = sw.Elapsed.TotalSeconds;
            sink.Dispose();
            Print($"bytes={sink.TotalBytes}");
            Print($"seconds={seconds:F3}");
            Print($"mib_per_s={sink.TotalBytes / 1048576.0 / seconds:F0}");
            return 0;
        }

        public int Rate(int n, bool pdeath)
        {
            var req = Request(["/bin/true"], pdeath) with { RedirectStderr = true };
            var sw = Stopwatch.StartNew();
            for (int i = 0; i < n; i++)
            {
                var o = _spawner.Spawn(req);
                if (!o.Ok) { Print($"error={o.Error}"); return 1; }
                Libc.close(o.StdoutFd);
                _reaper.Watch(o.Pid, o.PidFd);
                WaitExit(o.Pid);
            }
            Print($"spawns_per_s={n / sw.Elapsed.TotalSeconds:F0}");
            return 0;
        }

        /// <summary>The hang test of "never fork from managed code": n spawns of /bin/true (pdeathsig on) while two
        /// threads allocate without pause, so that a GC suspension is often under way when the child is created. A
        /// child that stopped anywhere but in execve would never exit: every one must be reaped within 10 s.</summary>
        public int SpawnsUnderGcLoad(int n)
        {
            var stop = false;
            var allocators = Enumerable.Range(0, 2).Select(_ => new Thread(() =>
            {
                var keep = new object[256];
                for (long i = 0; !Volatile.Read(ref stop); i++) keep[i & 255] = new byte[(int)(i % 4096) + 64];
            }) { IsBackground = true }).ToList();
            int gcBefore = GC.CollectionCount(0);
            allocators.ForEach(t => t.Start());
            var req = Request(["/bin/true"], pdeath: true) with { RedirectStderr = true };
            int spawned = 0, reaped = 0, hung = 0;
            for (int i = 0; i < n; i++)
            {
                var o = _spawner.Spawn(req);
                if (!o.Ok) { Print($"error={o.Error}"); break; }
                spawned++;
                Libc.close(o.StdoutFd);
                _reaper.Watch(o.Pid, o.PidFd);
                if (TryWaitExit(o.Pid, 10_000) is { } e && e.ExitCode == 0) reaped++;
                else { hung++; Print($"hung_pid={o.Pid}"); break; }
            }
            Volatile.Write(ref stop, true);
            allocators.ForEach(t => t.Join());
            Print($"spawned={spawned}");
            Print($"reaped={reaped}");
            Print($"hung={hung}");
            Print($"gcs={GC.CollectionCount(0) - gcBefore}");
            return 0;
        }

        public int Orphans()
        {
            var o = _spawner.Spawn(Request(["/bin/sh", "-c", "(sleep 0.3; exit 0) & (sleep 0.3; exit 0) & exit 0"], pdeath: false) with { RedirectStderr = true });
            if (!o.Ok) { Print($"error={o.Error}"); return 1; }
            Libc.close(o.StdoutFd);
            _reaper.Watch(o.Pid, o.PidFd);
            WaitExit(o.Pid);
            var until = Environment.TickCount64 + 5000;
            while (_reaper.OrphansReaped < 2 && Environment.TickCount64 < until) Thread.Sleep(20);
            Thread.Sleep(100);
            Print($"orphans_reaped={_reaper.OrphansReaped}");
            Print($"zombies={CountZombieChildren()}");
            return 0;
        }

        private ChildExit WaitExit(int pid) => TryWaitExit(pid, 30_000) ?? throw new TimeoutException($"no exit for {pid}");

        private ChildExit? TryWaitExit(int pid, int timeoutMs)
        {
            var until = Environment.TickCount64 + timeoutMs;
            while (true)
            {
                if (_exits.TryRemove(pid, out var e)) return e;
                var left = until - Environment.TickCount64;
                if (left <= 0 || !_exited.Wait((int)left)) return _exits.TryRemove(pid, out e) ? e : null;
            }
        }

        private static SpawnRequest Parse(string[] a)
        {
            string? dir = null, user = null, cgroup = null;
            int? umask = null;
            bool pdeath = false, redirect = false;
            var env = ImmutableArray.CreateBuilder<KeyValuePair<string, string>>();
            int i = 0;
            for (; i < a.Length && a[i] != "--"; i++)
            {
                switch (a[i])
                {
                    case "--pdeath": pdeath = true; break;
                    case "--redirect": redirect = true; break;
                    case "--dir": dir = a[++i]; break;
                    case "--user": user = a[++i]; break;
                    case "--umask": umask = Convert.ToInt32(a[++i], 8); break;
                    case "--cgroup": cgroup = Path.Combine(a[++i], "cgroup.procs"); break;
                    case "--no-clone3": NativeSpawn.UseClone3(0); break;
                    case "--env":
                        var kv = a[++i].Split('=', 2);
                        env.Add(new(kv[0], kv[1]));
                        break;
                }
            }
            if (!env.Any(kv => kv.Key == "PATH")) env.Add(new("PATH", "/usr/local/bin:/usr/bin:/bin"));
            return new SpawnRequest("t", [.. a[(i + 1)..]], env.ToImmutable(), dir, user, umask, pdeath, redirect, CgroupProcs: cgroup);
        }

        private static SpawnRequest Request(ImmutableArray<string> argv, bool pdeath) =>
            new("t", argv, [new("PATH", "/usr/local/bin:/usr/bin:/bin")], null, null, null, pdeath, false);

        private static int CountZombieChildren()
        {
            int zombies = 0;
            foreach (var task in Directory.GetDirectories("/proc/self/task"))
                foreach (var pid in File.ReadAllText(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    var stat = File.ReadAllText($"/proc/{pid}/stat");
                    if (stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z')) zombies++;
                }
            return zombies;
        }

        private void Print(string line) => _out.Write(Encoding.UTF8.GetBytes(line + "\n"));

        public void Dispose()
        {
            _capture.Dispose();
            _reaper.Dispose();
        }
    }
}
