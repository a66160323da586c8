namespace Supervice.Tests.EndToEnd.Compat;

/// <summary>`supervisorctl shutdown`, and what it says once the daemon is gone.</summary>
[TestClass]
public class ShutdownCompatTests
{
    [TestMethod]
    public void ShutdownAndAfterMatch()
    {
        using var twins = new TwinDaemons("[program:web]\ncommand = /bin/sleep 1000\nstartsecs = 0\n");
        twins.WaitBoth("web", "RUNNING");
        var theirs = twins.Theirs.CtlUrl("shutdown");
        var ours = twins.Ours.CtlUrl("shutdown");
        twins.AssertSame(["shutdown"], "-s unix://", theirs, ours);
        Assert.AreEqual("Shut down\n", ours.Stdout);
        foreach (var side in new[] { twins.Theirs, twins.Ours })
            Assert.IsTrue(side.Process!.WaitForExit(20_000), $"{side.Dir} still running after shutdown:\n{side.Output}");
        Assert.AreEqual(0, twins.Ours.Process!.ExitCode);
        twins.Compare("status");
        twins.Compare("shutdown");
    }
}
