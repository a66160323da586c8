using System.Diagnostics;
using System.Text;

namespace Supervice.Tests.EndToEnd;

/// <summary>Spawner, Reaper and OutputCapture for real, through the test harness (Tests/Harness: a process of its
/// own, since the test host would reap children itself); the spawns go through the product's spawn function (vfork +
/// execve, Core/Native/native/spawn.c), with and without pdeathsig.</summary>
[TestClass]
public class SelfTestTests
{
    private static Dictionary<string, string> SelfTest(params string[] args)
    {
        var r = Bin.RunHarness(args);
        Assert.AreEqual(0, r.ExitCode, r.Stderr + r.Stdout);
        return r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split('=', 2)).ToDictionary(kv => kv[0], kv => kv[1]);
    }

    private static string Out(Dictionary<string, string> r, string stream = "stdout") =>
        Encoding.UTF8.GetString(Convert.FromBase64String(r[$"{stream}_b64"]));

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void MissingBinaryIsARetryableErrorReportedAtOnce(bool pdeath)
    {
        var r = SelfTest(["run", .. pdeath ? new[] { "--pdeath" } : [], "--", "/nonexistent/bin/x"]);
        StringAssert.Contains(r["error"], "No such file or directory");
        Assert.AreEqual("False", r["permanent"]);
        Assert.IsFalse(r.ContainsKey("pid"));
    }

    [TestMethod]
    public void CommandNotOnPathIsRetryable()
    {
        var r = SelfTest("run", "--", "no-such-command-zz");
        Assert.AreEqual("command not found: no-such-command-zz", r["error"]);
        Assert.AreEqual("False", r["permanent"]);
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void NonExecutableFileIsAPermanentError(bool pdeath)
    {
        var dir = Fixtures.TempDir("supervice-noexec-");
        try
        {
            var file = Path.Combine(dir, "script");
            File.WriteAllText(file, "echo hi\n");
            var r = SelfTest(["run", .. pdeath ? new[] { "--pdeath" } : [], "--", file]);
            StringAssert.Contains(r["error"], "Permission denied");
            Assert.AreEqual("True", r["permanent"]);
        }
        finally { Directory.Delete(dir, true); }
    }

    [TestMethod]
    public void UnknownUserIsAPermanentError()
    {
        var r = SelfTest("run", "--user", "no-such-user-zz", "--", "true");
        Assert.AreEqual("user 'no-such-user-zz' not found", r["error"]);
        Assert.AreEqual("True", r["permanent"]);
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void ChildGetsDevNullStdinOnlyStdioFdsEnvironmentAndDirectory(bool pdeath)
    {
        var r = SelfTest(["run", .. pdeath ? new[] { "--pdeath" } : [], "--dir", "/tmp", "--env", "FOO=bar baz", "--",
            "/bin/sh", "-c", "readlink /proc/$$/fd/0; sleep 5 & k=$!; until [ \"$(cat /proc/$k/comm)\" = sleep ]; do :; done; " +
            "ls /proc/$k/fd | tr '\\n' ' '; kill $k; echo; pwd; echo \"$FOO\""]);
        // The fds are read from `sleep` once it has exec'd: a child still between fork and exec holds the shell's own.
        var lines = Out(r).Split('\n');
        Assert.AreEqual("/dev/null", lines[0]);
        Assert.AreEqual("0 1 2 ", lines[1]);
        Assert.AreEqual("/tmp", lines[2]);
        Assert.AreEqual("bar baz", lines[3]);
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void ChildStartsWithNoSignalBlockedOrIgnored(bool pdeath)
    {
        var r = SelfTest(["run", .. pdeath ? new[] { "--pdeath" } : [], "--", "grep", "-E", "^Sig(Ign|Blk)", "/proc/self/status"]);
        Assert.AreEqual("SigBlk:\t0000000000000000\nSigIgn:\t0000000000000000\n", Out(r));
    }

    [TestMethod]
    public void ExitCodeAndStderrAreReported()
    {
        var r = SelfTest("run", "--", "/bin/sh", "-c", "echo out; echo err >&2; exit 3");
        Assert.AreEqual("3", r["exit_code"]);
        Assert.AreEqual("0", r["signal"]);
        Assert.AreEqual("out\n", Out(r));
        Assert.AreEqual("err\n", Out(r, "stderr"));
    }

    [TestMethod]
    public void RedirectedStderrGoesToTheStdoutPipe()
    {
        var r = SelfTest("run", "--redirect", "--", "/bin/sh", "-c", "echo out; echo err >&2");
        Assert.AreEqual("out\nerr\n", Out(r));
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void DeathBySignalIsReported(bool pdeath)
    {
        var r = SelfTest(["run", .. pdeath ? new[] { "--pdeath" } : [], "--", "/bin/sh", "-c", "kill -9 $$"]);
        Assert.AreEqual("-1", r["exit_code"]);
        Assert.AreEqual("9", r["signal"]);
    }

    [TestMethod]
    public void UmaskIsApplied()
    {
        var r = SelfTest("run", "--umask", "027", "--", "/bin/sh", "-c", "umask");
        Assert.AreEqual("0027\n", Out(r));
    }

    [TestMethod]
    public void UserSwitchSetsIdentityAndHome()
    {
        if (Environment.UserName != "root") Assert.Inconclusive("needs root");
        var r = SelfTest("run", "--user", "nobody", "--", "/bin/sh", "-c", "id -u; echo \"$USER $LOGNAME\"");
        var lines = Out(r).Split('\n');
        Assert.AreEqual("65534", lines[0]);
        Assert.AreEqual("nobody nobody", lines[1]);
    }

    [TestMethod]
    public void OrphanedGrandchildrenAreReapedWithoutPolling()
    {
        var r = SelfTest("orphans");
        Assert.AreEqual("2", r["orphans_reaped"]);
        Assert.AreEqual("0", r["zombies"]);
    }

    [TestMethod]
    public void PdeathSigKillsTheChildWhenTheSupervisorDies()
    {
        var psi = Bin.HarnessStartInfo("pdeath", "--pdeath", "--", "sleep", "1000");
        using var p = Process.Start(psi)!;
        var line = p.StandardOutput.ReadLine() ?? "";
        Assert.StartsWith("pid=", line);
        int child = int.Parse(line[4..]);
        Assert.IsTrue(Proc.Alive(child));
        p.Kill();
        p.WaitForExit();
        var until = Environment.TickCount64 + 5000;
        while (Proc.Alive(child) && Environment.TickCount64 < until) Thread.Sleep(20);
        Assert.IsFalse(Proc.Alive(child), "the pdeathsig child survived its supervisor");
    }

    [TestMethod]
    public void HundredMebibytesThroughCaptureLandIntact()
    {
        var dir = Fixtures.TempDir("supervice-capture-");
        var src = Path.Combine(dir, "src");
        var log = src + ".log";
        try
        {
            var data = new byte[100 * 1024 * 1024];
            new Random(7).NextBytes(data);
            File.WriteAllBytes(src, data);
            var r = SelfTest("capture", src, log);
            Assert.AreEqual(data.Length.ToString(), r["bytes"]);
            CollectionAssert.AreEqual(data, File.ReadAllBytes(log));
            Console.WriteLine($"capture: {r["mib_per_s"]} MiB/s");
        }
        finally { Directory.Delete(dir, true); }
    }

    /// <summary>Back-to-back spawns, each waited for: every one succeeds and its exit is reaped (`rate` exits 1 on a
    /// spawn error and throws when an exit is not seen in 30 s; SelfTest asserts exit 0). The rate itself is a figure,
    /// printed for information only — a speed is measured by `make bench`, not asserted here.</summary>
    [TestMethod]
    public void BackToBackSpawnsAllSucceedAndAreReapedWithAndWithoutPdeathsig()
    {
        var plain = SelfTest("rate", "300");
        var pdeath = SelfTest("rate", "300", "--pdeath");
        Assert.IsFalse(plain.ContainsKey("error") || pdeath.ContainsKey("error"), $"{string.Join(",", plain)} {string.Join(",", pdeath)}");
        Console.WriteLine($"spawns: {plain["spawns_per_s"]}/s, with pdeathsig: {pdeath["spawns_per_s"]}/s (information only)");
    }

    /// <summary>"Never fork from managed code" (../shared/reference/dotnet-tech.md §1: a child forked from C# while
    /// another thread started a GC waits forever for it): 1000 spawns while two threads allocate without pause, and
    /// every child exec'd and was reaped (the harness gives each 10 s, then reports it as hung).</summary>
    [TestMethod]
    public void SpawnsUnderGcLoadNeverHang()
    {
        var r = SelfTest("gc-load", "1000");
        Assert.IsFalse(r.ContainsKey("error"), r.GetValueOrDefault("error"));
        Assert.AreEqual("0", r["hung"], r.GetValueOrDefault("hung_pid"));
        Assert.AreEqual("1000", r["spawned"]);
        Assert.AreEqual("1000", r["reaped"]);
        Assert.IsTrue(int.Parse(r["gcs"]) > 0, "no GC ran during the spawns: the test proved nothing");
        Console.WriteLine($"1000 spawns under GC load: {r["gcs"]} gen0 GCs, 0 hung");
    }

    /// <summary>A spawn with a cgroup puts the child in it before the program runs, both ways the spawn function
    /// has: clone3(CLONE_INTO_CGROUP), and the child writing itself into cgroup.procs — chosen (--no-clone3), or found
    /// out when clone3 fails with ENOSYS under a seccomp filter as Docker's (--enosys-clone3). A group that does not
    /// exist is a cgroup error.</summary>
    [TestMethod]
    [DataRow("clone3")]
    [DataRow("--no-clone3")]
    [DataRow("--enosys-clone3")]
    public void AChildIsInItsCgroupBeforeItRunsEitherWay(string way)
    {
        var (mount, own) = WritableCgroup2() ?? throw new AssertInconclusiveException("no writable cgroup v2 directory here");
        var dir = Path.Combine(mount + own, $"svtest-spawn-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            string[] mode = way == "clone3" ? [] : [way]; // --enosys-clone3: a seccomp filter refuses clone3, as Docker's does
            var r = SelfTest(["run", .. mode, "--pdeath", "--cgroup", dir, "--", "/bin/cat", "/proc/self/cgroup"]);
            Assert.IsFalse(r.ContainsKey("error"), r.GetValueOrDefault("error"));
            Assert.AreEqual("0", r["exit_code"]);
            var v2 = Out(r).Split('\n').Single(l => l.StartsWith("0::", StringComparison.Ordinal));
            Assert.AreEqual(dir, (mount + v2[3..]).Replace("//", "/"), "the child ran in its own group");

            var missing = SelfTest(["run", .. mode, "--cgroup", dir + "-missing", "--", "/bin/true"]);
            StringAssert.Contains(missing["error"], $"cannot join cgroup {dir}-missing: No such file or directory");
            Assert.IsFalse(missing.ContainsKey("pid"));
        }
        finally
        {
            for (int i = 0; i < 200 && Directory.Exists(dir); i++)
            {
                try { Directory.Delete(dir); } catch (IOException) { Thread.Sleep(10); } // empties once the child is reaped
            }
        }
    }

    /// <summary>The cgroup v2 mount and this process's group in it, when that directory can be written (root).</summary>
    private static (string Mount, string Own)? WritableCgroup2()
    {
        var mount = File.ReadAllLines("/proc/self/mountinfo").Select(l => l.Split(" - ")).Where(p => p.Length == 2 && p[1].StartsWith("cgroup2 ", StringComparison.Ordinal))
            .Select(p => p[0].Split(' ')[4]).FirstOrDefault();
        var own = File.ReadAllLines("/proc/self/cgroup").FirstOrDefault(l => l.StartsWith("0::", StringComparison.Ordinal))?[3..];
        if (mount is null || own is null) return null;
        var path = (mount + own).TrimEnd('/');
        if (!CanMakeGroupsIn(path)) return null;
        return (mount, own == "/" ? "" : own);
    }

    private static bool CanMakeGroupsIn(string path)
    {
        try
        {
            var probe = Path.Combine(path, $"svtest-probe-{Guid.NewGuid():N}");
            Directory.CreateDirectory(probe);
            Directory.Delete(probe);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
    }
}
