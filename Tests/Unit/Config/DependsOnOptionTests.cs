using static Supervice.Tests.Unit.Config.ConfigTestHelper;
using Supervice.Config.Model;

namespace Supervice.Tests.Unit.Config;

[TestClass]
public class DependsOnOptionTests
{
    [TestMethod]
    public void EntriesAndConditionsAreRead()
    {
        var r = Ok("[program:db]\ncommand=x\nhealthcheck_type=tcp\nhealthcheck_port=5\n[program:migrate]\ncommand=x\n[program:web]\ncommand=x\ndepends_on = db:healthy, migrate:completed\n[program:cron]\ncommand=x\ndepends_on = web:started, db\n");
        var web = r.Processes.Single(p => p.Name == "web");
        CollectionAssert.AreEqual(new[] { ("db", DependencyCondition.Healthy), ("migrate", DependencyCondition.Completed) },
            web.DependsOn.Select(d => (d.Program, d.Condition)).ToArray());
        var cron = r.Processes.Single(p => p.Name == "cron");
        CollectionAssert.AreEqual(new[] { ("web", DependencyCondition.Started), ("db", DependencyCondition.Running) },
            cron.DependsOn.Select(d => (d.Program, d.Condition)).ToArray());
        Assert.AreEqual(12, cron.DependsOn[0].At.Line);
    }

    [TestMethod]
    public void UnknownProgramIsAnErrorWithDidYouMean()
        => HasError(Load("[program:db]\ncommand=x\n[program:web]\ncommand=x\ndepends_on = dbb\n"),
            "5: Program 'web': depends_on: unknown program 'dbb'; did you mean 'db'?");

    [TestMethod]
    public void UnknownConditionIsAnError()
        => HasError(Load("[program:db]\ncommand=x\n[program:web]\ncommand=x\ndepends_on = db:ready\n"),
            "5: Program 'web': depends_on: unknown condition 'ready' for db (expected started, running, healthy or completed)");

    [TestMethod]
    public void HealthyWithoutACheckIsAnError()
        => HasError(Load("[program:db]\ncommand=x\n[program:web]\ncommand=x\ndepends_on = db:healthy\n"),
            "5: Program 'web': depends_on: db:healthy, but program db has no health check (set healthcheck_type)");

    [TestMethod]
    public void DependingOnItselfIsAnError()
        => HasError(Load("[program:web]\ncommand=x\ndepends_on = web\n"), "3: Program 'web': depends_on: web depends on itself");

    [TestMethod]
    public void EveryCycleIsReportedAsItsPath()
    {
        var r = Load("[program:web]\ncommand=x\ndepends_on = api\n[program:api]\ncommand=x\ndepends_on = db\n[program:db]\ncommand=x\ndepends_on = web, cache\n[program:cache]\ncommand=x\ndepends_on = db\n");
        Assert.IsFalse(r.Ok);
        CollectionAssert.AreEquivalent(new[]
        {
            "3: Program 'web': depends_on cycle: web -> api -> db -> web",
            "9: Program 'db': depends_on cycle: db -> cache -> db",
        }, Errors(r));
    }

    [TestMethod]
    public void DependsOnIsALiveFieldOnReload()
    {
        var a = Ok("[program:db]\ncommand=x\n[program:web]\ncommand=x\n");
        var b = Ok("[program:db]\ncommand=x\n[program:web]\ncommand=x\ndepends_on = db\n");
        var plan = Supervice.Config.ReloadPlan.Compute(a, b);
        CollectionAssert.AreEqual(new[] { "web" }, plan.ChangedLive);
        Assert.AreEqual(0, plan.NeedsRestart.Count);
        Assert.IsTrue(Supervice.Config.ReloadPlan.Compute(b, Ok("[program:db]\ncommand=x\n\n[program:web]\ncommand=x\ndepends_on = db\n")).IsEmpty);
    }
}
