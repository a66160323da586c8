using Supervice.Config.Model;
using Supervice.Core.Health;

namespace Supervice.Tests.Unit.Core.Health;

/// <summary>The failure counting of health checks: `retries` consecutive failures make a run unhealthy, a pass
/// resets the count; what follows (restart, FATAL) is the lifecycle table's, tested there.</summary>
[TestClass]
public class HealthMonitorTests
{
    private static HealthMonitor Monitor(int retries, HealthCheckType type = HealthCheckType.Tcp)
        => new(new HealthCheckSpec { Type = type, Retries = retries });

    [TestMethod]
    public void TheRetriesThFailureInARowIsTheUnhealthyOne()
    {
        var m = Monitor(3);
        var first = m.Record(false, "refused");
        var second = m.Record(false, "refused");
        Assert.IsFalse(first.Unhealthy);
        Assert.IsFalse(second.Unhealthy);
        Assert.AreEqual(2, second.Failures);
        Assert.AreNotEqual(false, m.Healthy, "not unhealthy before the third failure");
        var third = m.Record(false, "connection refused");
        Assert.IsTrue(third.Unhealthy);
        Assert.AreEqual(false, m.Healthy);
        Assert.AreEqual("tcp check failed 3 times: connection refused", third.Why);
        Assert.AreEqual("connection refused", m.LastMessage);
    }

    [TestMethod]
    public void APassResetsTheCountAndReportsTheFailuresBeforeIt()
    {
        var m = Monitor(3);
        m.Record(false, "timeout");
        m.Record(false, "timeout");
        var pass = m.Record(true, "ok");
        Assert.IsTrue(pass.Passed);
        Assert.AreEqual(2, pass.Failures, "passed after 2 failures");
        Assert.AreEqual(0, m.Failures);
        Assert.AreEqual(true, m.Healthy);
        Assert.IsFalse(m.Record(false, "timeout").Unhealthy, "counting starts again from one");
    }

    [TestMethod]
    public void RetriesBelowOneMeanTheFirstFailureCounts()
    {
        var m = Monitor(0, HealthCheckType.Script);
        var v = m.Record(false, "exited with code 1");
        Assert.IsTrue(v.Unhealthy);
        Assert.AreEqual("script check failed 1 time: exited with code 1", v.Why);
    }
}
