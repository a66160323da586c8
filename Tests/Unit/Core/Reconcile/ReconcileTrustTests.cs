using Supervice.Config.Model;
using Supervice.Core.Reconcile;

namespace Supervice.Tests.Unit.Core.Reconcile;

/// <summary>SPEC §13, the reconcile half: a record is acted on only when its pid, token and pgid all match /proc, never
/// for init's group or the daemon's own; a state file someone else could have written is not read at all; the file is
/// replaced atomically and a symlink at its path is replaced, never written through.</summary>
[TestClass]
public class ReconcileTrustTests
{
    private const string Token = "starttime:100 pgid:42";
    private const int OwnGroup = 7;

    private static StateRecord Record(int pid = 42, int pgid = 42, string token = Token)
        => new("web", pid, pgid, token, true, ReconcilePolicy.Kill);

    [TestMethod]
    public void RecordedPgidThatIsNotTheProcessGroupIsNotOurs()
    {
        var d = Reconciler.Decide(Record(pgid: 1234), Token, null, OwnGroup);
        Assert.AreEqual(ReconcileAction.NotOurs, d.Action);
        StringAssert.Contains(d.Reason, "recorded process group 1234 is not the process's own group 42");
    }

    [TestMethod]
    public void ProcessInTheDaemonsOwnGroupIsNeverSignalled()
    {
        var d = Reconciler.Decide(Record(pgid: OwnGroup, token: $"starttime:100 pgid:{OwnGroup}"), $"starttime:100 pgid:{OwnGroup}", null, OwnGroup);
        Assert.AreEqual(ReconcileAction.NotOurs, d.Action);
        StringAssert.Contains(d.Reason, "daemon's own process group");
    }

    [TestMethod]
    [DataRow(1, 1)]
    [DataRow(42, 1)]
    [DataRow(42, 0)]
    public void InitOrItsGroupIsNeverSignalled(int pid, int group)
    {
        var token = $"starttime:100 pgid:{group}";
        Assert.AreEqual(ReconcileAction.NotOurs, Reconciler.Decide(Record(pid, group, token), token, null, OwnGroup).Action);
    }

    [TestMethod]
    public void MatchingPidTokenAndPgidIsStillKilled() => Assert.AreEqual(ReconcileAction.Kill, Reconciler.Decide(Record(), Token, null, OwnGroup).Action);

    private string _dir = "";

    [TestInitialize]
    public void Init() => _dir = Fixtures.TempDir("sv-statetrust-");

    [TestCleanup]
    public void Cleanup() => Directory.Delete(_dir, true);

    private string WriteState(UnixFileMode mode)
    {
        var path = Path.Combine(_dir, ".sv.state.json");
        File.WriteAllBytes(path, StateFile.Serialize([Record()]));
        File.SetUnixFileMode(path, mode);
        return path;
    }

    [TestMethod]
    public void OwnPrivateStateFileIsRead()
    {
        Assert.HasCount(1, StateFile.Read(WriteState(UnixFileMode.UserRead | UnixFileMode.UserWrite), out var warning));
        Assert.IsNull(warning);
    }

    [TestMethod]
    public void StateFileWritableByOthersIsIgnoredWithAWarning()
    {
        var path = WriteState((UnixFileMode)0x1B6); // 0666
        Assert.IsEmpty(StateFile.Read(path, out var warning));
        Assert.AreEqual($"ignoring state file {path}: it is writable by others (mode 0666); its records are ignored and no orphans of a previous daemon are reconciled", warning);
    }

    [TestMethod]
    public void StateFileWritableByItsGroupIsIgnored()
    {
        var path = WriteState((UnixFileMode)0x1B0); // 0660
        Assert.IsEmpty(StateFile.Read(path, out var warning));
        StringAssert.Contains(warning, "writable by its group (mode 0660)");
    }

    [TestMethod]
    public void StateFileOfAnotherUserIsIgnored()
    {
        if (Environment.UserName != "root") Assert.Inconclusive("chown to another uid needs root");
        var path = WriteState(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.SetUnixFileMode(_dir, (UnixFileMode)0x1ED);
        Assert.AreEqual(0, Chown(path, 65534));
        Assert.IsEmpty(StateFile.Read(path, out var warning));
        StringAssert.Contains(warning, "owned by uid 65534, not by the daemon's uid 0");
    }

    [TestMethod]
    public void StateFileSymlinkIsNotFollowed()
    {
        var real = WriteState(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var link = Path.Combine(_dir, ".link.state.json");
        File.CreateSymbolicLink(link, real);
        Assert.IsEmpty(StateFile.Read(link, out var warning));
        StringAssert.Contains(warning, "is a symbolic link");
    }

    [TestMethod]
    public void WriteReplacesASymlinkAtThePathAndLeavesItsTargetAlone()
    {
        var victim = Path.Combine(_dir, "victim");
        File.WriteAllText(victim, "precious");
        var path = Path.Combine(_dir, ".sv.state.json");
        File.CreateSymbolicLink(path, victim);
        Assert.IsNull(StateFile.Write(path, [Record()]));
        Assert.AreEqual("precious", File.ReadAllText(victim));
        Assert.IsNull(new FileInfo(path).LinkTarget, "the state path is now a file of its own");
        Assert.AreEqual(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.HasCount(2, Directory.GetFileSystemEntries(_dir), "no temp file left behind");
    }

    [TestMethod]
    public void WriteHoldsTheRecordsWithMode0600()
    {
        var path = Path.Combine(_dir, ".sv.state.json");
        Assert.IsNull(StateFile.Write(path, [Record()]));
        Assert.AreEqual(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        CollectionAssert.AreEqual(StateFile.Serialize([Record()]), File.ReadAllBytes(path));
    }

    private static int Chown(string path, int uid)
    {
        using var p = System.Diagnostics.Process.Start("chown", [uid.ToString(), path])!;
        p.WaitForExit();
        return p.ExitCode;
    }
}
