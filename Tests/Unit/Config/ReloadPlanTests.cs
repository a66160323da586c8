using Supervice.Config;
using Supervice.Config.Model;

namespace Supervice.Tests.Unit.Config;

[TestClass]
public class ReloadPlanTests
{
    private static ConfigModel M(string text) => ConfigTestHelper.Ok(text);

    [TestMethod]
    public void IdenticalConfigsGiveAnEmptyPlan() => Assert.IsTrue(ReloadPlan.Compute(M("[program:a]\ncommand=x\n"), M("[program:a]\ncommand=x\n")).IsEmpty);

    [TestMethod]
    public void AddedAndRemovedProcessesAreListed()
    {
        var plan = ReloadPlan.Compute(M("[program:a]\ncommand=x\n[program:b]\ncommand=x\n"), M("[program:b]\ncommand=x\n[program:c]\ncommand=x\nnumprocs=2\n"));
        CollectionAssert.AreEqual(new[] { "c:00", "c:01" }, plan.Added);
        CollectionAssert.AreEqual(new[] { "a" }, plan.Removed);
        Assert.AreEqual(0, plan.ChangedLive.Count + plan.NeedsRestart.Count);
    }

    [TestMethod]
    [DataRow("autorestart=false"), DataRow("startretries=9"), DataRow("stopsignal=INT"), DataRow("stopwaitsecs=1"), DataRow("exitcodes=0,1")]
    [DataRow("priority=1"), DataRow("stdout_logfile_maxbytes=1KB"), DataRow("autostart=false")]
    public void LiveFieldsChangeWithoutRestart(string line)
    {
        var plan = ReloadPlan.Compute(M("[program:a]\ncommand=x\n"), M($"[program:a]\ncommand=x\n{line}\n"));
        CollectionAssert.AreEqual(new[] { "a" }, plan.ChangedLive);
        Assert.AreEqual(0, plan.NeedsRestart.Count);
    }

    [TestMethod]
    public void HealthTimingsChangeLive()
    {
        const string basis = "[program:a]\ncommand=x\nhealthcheck_type=script\nhealthcheck_command=true\n";
        var plan = ReloadPlan.Compute(M(basis), M(basis + "healthcheck_interval=3\n"));
        CollectionAssert.AreEqual(new[] { "a" }, plan.ChangedLive);
    }

    [TestMethod]
    [DataRow("command=y"), DataRow("environment=A=1"), DataRow("directory=/tmp"), DataRow("user=root"), DataRow("umask=077")]
    [DataRow("stdout_logfile=/tmp/a.log"), DataRow("redirect_stderr=true"), DataRow("pdeathsig=false")]
    public void FieldsOfTheRunningChildNeedARestartOfThatProcessOnly(string line)
    {
        var plan = ReloadPlan.Compute(M("[program:a]\ncommand=x\n[program:b]\ncommand=x\n[group:g]\nprograms=a,b\n"),
            M($"[program:a]\ncommand=x\n{line}\n[program:b]\ncommand=x\n[group:g]\nprograms=a,b\n"));
        CollectionAssert.AreEqual(new[] { "a" }, plan.NeedsRestart);
        Assert.AreEqual(0, plan.ChangedLive.Count);
    }

    [TestMethod]
    public void GroupMembershipChangeIsListedWithoutRestart()
    {
        var plan = ReloadPlan.Compute(M("[program:a]\ncommand=x\n"), M("[program:a]\ncommand=x\n[group:g]\nprograms=a\n"));
        CollectionAssert.AreEqual(new[] { "a" }, plan.GroupChanged);
        Assert.AreEqual(0, plan.NeedsRestart.Count + plan.ChangedLive.Count);
    }
}
