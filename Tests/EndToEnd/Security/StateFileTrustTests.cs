using System.Diagnostics;
using Supervice.Config.Model;
using Supervice.Core.Reconcile;
using Supervice.Tests.EndToEnd.Faults;

namespace Supervice.Tests.EndToEnd.Security;

/// <summary>SPEC §13, defect 1 of issue 10: the state file tells a root daemon which process groups to kill at startup,
/// so it is believed only when the daemon's uid owns it and nobody else can write it, and a record is acted on only
/// when pid, start token and pgid all match /proc. Each test plants a record about live processes of its own (each
/// leading its own session, as a child of a crashed daemon would) and checks who survives the daemon's start.</summary>
[TestClass]
public class StateFileTrustTests
{
    private static Process Setsid(string marker)
    {
        var psi = new ProcessStartInfo("/usr/bin/setsid") { UseShellExecute = false };
        psi.ArgumentList.Add("sleep");
        psi.ArgumentList.Add(marker);
        var p = Process.Start(psi)!;
        Wait.Until(() => Proc.Stat(p.Id) is { Comm: "sleep" } s && s.PGrp == p.Id, 10, "the planted process to lead its own group");
        return p;
    }

    private static void End(params Process[] processes)
    {
        foreach (var p in processes)
        {
            if (!p.HasExited) Proc.Kill(p.Id, 9);
            p.WaitForExit();
            p.Dispose();
        }
    }

    /// <summary>A record about `pid` (its real token) claiming process group `pgid`, policy kill.</summary>
    private static string PlantState(string dir, int pid, int pgid, UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite)
    {
        var token = ProcessIdentity.Token(pid) ?? throw new AssertFailedException($"no token for {pid}");
        var path = Path.Combine(dir, ".supervice.state.json");
        File.WriteAllBytes(path, StateFile.Serialize([new StateRecord("old", pid, pgid, token, true, ReconcilePolicy.Kill)]));
        File.SetUnixFileMode(path, mode);
        return path;
    }

    private static string NewDir() => Fixtures.TempDir("supervice-state-");

    [TestMethod]
    public void ForgedPgidInAStateRecordIsNeverSignalled()
    {
        var marker = FaultKit.Marker();
        var bait = Setsid(marker + "1");
        var victim = Setsid(marker + "2");
        var dir = NewDir();
        try
        {
            PlantState(dir, bait.Id, victim.Id);
            using var d = new Daemon("", dir: dir);
            d.WaitLog($"Program 'old': pid {bait.Id} is alive but is NOT ours (the recorded process group {victim.Id} is not the process's own group {bait.Id}) - not touching it");
            d.Ctl("shutdown");
            Assert.IsTrue(d.WaitExit(20), "the daemon shuts down");
            Assert.IsTrue(Proc.Alive(victim.Id), $"the group named by the forged record was signalled (log:\n{d.Log})");
            Assert.IsTrue(Proc.Alive(bait.Id), "a record that does not match /proc is not acted on at all");
        }
        finally { End(bait, victim); Directory.Delete(dir, true); }
    }

    /// <summary>The control for the two below: the same record in a file of our own, 0600, is acted on.</summary>
    [TestMethod]
    public void MatchingRecordInOurPrivateStateFileIsKilled()
    {
        var orphan = Setsid(FaultKit.Marker());
        var dir = NewDir();
        try
        {
            PlantState(dir, orphan.Id, orphan.Id);
            using var d = new Daemon("", dir: dir);
            d.WaitLog($"Program 'old': killed orphaned process group {orphan.Id} (pid {orphan.Id})");
            Assert.IsTrue(orphan.WaitForExit(10_000), "the recorded orphan is killed");
        }
        finally { End(orphan); Directory.Delete(dir, true); }
    }

    [TestMethod]
    public void StateFileWritableByOthersIsIgnoredWithAWarning()
    {
        var orphan = Setsid(FaultKit.Marker());
        var dir = NewDir();
        try
        {
            var path = PlantState(dir, orphan.Id, orphan.Id, (UnixFileMode)0x1B6);
            using var d = new Daemon("", dir: dir);
            d.WaitLog($"WARNING ignoring state file {path}: it is writable by others (mode 0666); its records are ignored and no orphans of a previous daemon are reconciled");
            d.Ctl("shutdown");
            Assert.IsTrue(d.WaitExit(20));
            Assert.IsTrue(Proc.Alive(orphan.Id), $"a record from a world-writable state file was acted on (log:\n{d.Log})");
        }
        finally { End(orphan); Directory.Delete(dir, true); }
    }

    [TestMethod]
    public void StateFileOwnedByAnotherUserIsIgnoredWithAWarning()
    {
        if (!FaultKit.IsRoot) Assert.Inconclusive("needs root to hand the state file to another uid");
        var orphan = Setsid(FaultKit.Marker());
        var dir = NewDir();
        try
        {
            var path = PlantState(dir, orphan.Id, orphan.Id);
            File.SetUnixFileMode(dir, (UnixFileMode)0x1ED);
            using (var chown = Process.Start("chown", ["65534", path])!) chown.WaitForExit();
            using var d = new Daemon("", dir: dir);
            d.WaitLog($"WARNING ignoring state file {path}: it is owned by uid 65534, not by the daemon's uid 0");
            d.Ctl("shutdown");
            Assert.IsTrue(d.WaitExit(20));
            Assert.IsTrue(Proc.Alive(orphan.Id), $"a record from another user's state file was acted on (log:\n{d.Log})");
        }
        finally { End(orphan); Directory.Delete(dir, true); }
    }

    [TestMethod]
    public void StateFileTheDaemonWritesIsPrivate()
    {
        using var d = new Daemon("[program:a]\ncommand = sleep 60\nstartsecs = 0\n");
        d.WaitState("a", "RUNNING");
        var path = Path.Combine(d.Dir, ".supervice.state.json");
        Wait.Until(() => File.Exists(path) && File.ReadAllText(path).Contains($"\"pid\": {d.PidOf("a")}"), 10, "the state file to record a");
        Assert.AreEqual(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.IsEmpty(Directory.GetFiles(d.Dir, "*.tmp"), "no temp file left beside it");
    }
}
