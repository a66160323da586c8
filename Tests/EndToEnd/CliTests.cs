namespace Supervice.Tests.EndToEnd;

[TestClass]
public class CliTests
{
    [TestMethod]
    public void HelpListsSubcommands()
    {
        var r = Bin.Run("--help");
        Assert.AreEqual(0, r.ExitCode);
        foreach (var verb in new[] { "daemon", "check-config", "sample-config", "ctl status" })
            StringAssert.Contains(r.Stdout, verb);
    }

    [TestMethod]
    public void UnknownCtlVerbExits2WithUsage()
    {
        var r = Bin.Run("ctl", "bogus");
        Assert.AreEqual(2, r.ExitCode);
        StringAssert.Contains(r.Stderr, "unknown verb 'bogus'");
        StringAssert.Contains(r.Stderr, "usage:");
    }

    [TestMethod]
    public void VersionPrintsVersion()
    {
        var r = Bin.Run("--version");
        Assert.AreEqual(0, r.ExitCode);
        StringAssert.Matches(r.Stdout, new System.Text.RegularExpressions.Regex(@"^\d+\.\d+\.\d+"));
    }
}
