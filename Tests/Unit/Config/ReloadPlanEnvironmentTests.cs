using Supervice.Config;
using Supervice.Config.Model;

namespace Supervice.Tests.Unit.Config;

/// <summary>Issue #10 defect 13: every child inherits `[supervice] environment`, so a change of it restarts the
/// processes that see the change — and only those.</summary>
[TestClass]
public class ReloadPlanEnvironmentTests
{
    private static ConfigModel M(string supervice, string programs) => ConfigTestHelper.Ok($"[supervice]\n{supervice}\n{programs}");

    private const string Programs = "[program:inherits]\ncommand=x\n[program:overrides]\ncommand=x\nenvironment=A=mine\n";

    [TestMethod]
    public void AChangedDaemonEnvironmentRestartsTheProcessesThatInheritIt()
    {
        var plan = ReloadPlan.Compute(M("environment=A=1", Programs), M("environment=A=2", Programs));
        CollectionAssert.AreEqual(new[] { "inherits" }, plan.NeedsRestart, "overrides sets A itself and sees no change");
        Assert.AreEqual(0, plan.ChangedLive.Count);
    }

    [TestMethod]
    public void AddingOrRemovingADaemonVariableRestartsToo()
    {
        CollectionAssert.AreEqual(new[] { "inherits", "overrides" }, ReloadPlan.Compute(M("", Programs), M("environment=B=1", Programs)).NeedsRestart);
        CollectionAssert.AreEqual(new[] { "inherits", "overrides" }, ReloadPlan.Compute(M("environment=B=1", Programs), M("", Programs)).NeedsRestart);
    }

    [TestMethod]
    public void AnUnchangedDaemonEnvironmentRestartsNothing()
        => Assert.IsTrue(ReloadPlan.Compute(M("environment=A=1,B=2", Programs), M("environment=A=1,B=2", Programs)).IsEmpty);
}
