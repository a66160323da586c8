namespace Supervice.Tests.EndToEnd.Compat;

/// <summary>`reread` and `update` as supervisord: reloadConfig only reports [[added, changed, removed]] groups;
/// supervisorctl applies them through stopProcessGroup, removeProcessGroup and addProcessGroup.</summary>
[TestClass]
public class UpdateCompatTests
{
    private const string Before = """
        [program:alpha]
        command = /bin/sleep 1000
        startsecs = 0

        [program:bravo]
        command = /bin/sleep 1000
        startsecs = 0

        [program:charlie]
        command = /bin/sleep 1000
        startsecs = 0
        """;

    private const string After = """
        [program:alpha]
        command = /bin/sleep 1000
        startsecs = 0

        [program:bravo]
        command = /bin/sleep 1001
        startsecs = 0

        [program:delta]
        command = /bin/sleep 1000
        startsecs = 0
        """;

    [TestMethod]
    public void UpdateAddsChangesAndRemovesGroupsAsSupervisord()
    {
        using var twins = new TwinDaemons(Before);
        foreach (var name in new[] { "alpha", "bravo", "charlie" }) twins.WaitBoth(name, "RUNNING");
        int alphaBefore = AlphaPid(twins.Ours);
        twins.Ours.WriteConfig(After);
        twins.Theirs.WriteConfig(After);

        Assert.AreEqual("bravo: changed\ncharlie: disappeared\ndelta: available\n", Once(twins, "reread"));
        StringAssert.Contains(Once(twins, "avail"), "delta                            avail     auto      999:999");
        Assert.AreEqual("charlie: stopped\ncharlie: removed process group\nbravo: stopped\nbravo: updated process group\ndelta: added process group\n",
            Once(twins, "update"));
        foreach (var name in new[] { "bravo", "delta" }) twins.WaitBoth(name, "RUNNING");
        var status = Once(twins, "status");
        Assert.AreEqual(3, status.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length, status);
        Assert.AreEqual(alphaBefore, AlphaPid(twins.Ours), "update restarted alpha, whose group did not change");
        Assert.AreEqual("No config updates to processes\n", twins.Compare("reread"));
        twins.Compare("update");
        twins.Compare("update", "nosuch");
    }

    [TestMethod]
    public void RereadOfABrokenFileIsCantReread()
    {
        using var twins = new TwinDaemons(Before);
        foreach (var side in new[] { twins.Theirs, twins.Ours })
        {
            File.AppendAllText(side.Conf, "\n[program:bad]\nstartsecs = 0\n");   // no command
            var r = side.CtlUrl("reread");
            Assert.AreEqual(1, r.ExitCode, r.Stdout);
            StringAssert.StartsWith(r.Stdout, "ERROR: CANT_REREAD: ");
        }
        twins.Compare("status");
    }

    /// <summary>A command that changes state runs once per side (Compare would run it twice).</summary>
    private static string Once(TwinDaemons twins, params string[] args)
    {
        var theirs = twins.Theirs.Ctl(args);
        var ours = twins.Ours.Ctl(args);
        twins.AssertSame(args, "-c (serverurl)", theirs, ours);
        return Supervisorctl.Normalise(ours.Stdout, twins.Ours.Dir);
    }

    private static int AlphaPid(TwinDaemons.Side side) => int.Parse(side.CtlUrl("pid", "alpha").Stdout.Trim());
}
