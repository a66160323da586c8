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

    /// <summary>An unknown verb (and the test harness's old hidden `__selftest`) is a usage error, not help with exit 0.</summary>
    [TestMethod]
    [DataRow("bogus")]
    [DataRow("__selftest")]
    [DataRow("Daemon")]
    public void UnknownTopLevelVerbExits2WithUsage(string verb)
    {
        var r = Bin.Run(verb, "run");
        Assert.AreEqual(2, r.ExitCode, r.Stdout + r.Stderr);
        StringAssert.Contains(r.Stderr, $"supervice: unknown command '{verb}'");
        StringAssert.Contains(r.Stderr, "usage: supervice daemon|check-config|sample-config|ctl");
        Assert.AreEqual("", r.Stdout);
    }

    [TestMethod]
    public void VersionPrintsVersion()
    {
        var r = Bin.Run("--version");
        Assert.AreEqual(0, r.ExitCode);
        StringAssert.Matches(r.Stdout, new System.Text.RegularExpressions.Regex(@"^\d+\.\d+\.\d+"));
    }
}
