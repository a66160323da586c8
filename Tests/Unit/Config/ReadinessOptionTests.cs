using static Supervice.Tests.Unit.Config.ConfigTestHelper;
using Supervice.Config.Model;

namespace Supervice.Tests.Unit.Config;

[TestClass]
public class ReadinessOptionTests
{
    [TestMethod]
    public void EveryKindIsRead()
    {
        Assert.AreEqual(ReadinessSpec.Default with { }, Only("[program:a]\ncommand=x\n").Readiness);
        Assert.AreEqual(new ReadinessSpec(ReadinessKind.Notify, TimeoutSecs: 5, WatchdogSecs: 3), Only("[program:a]\ncommand=x\nreadiness = notify\nready_timeout = 5\nwatchdog_sec = 3\n").Readiness);
        Assert.AreEqual(new ReadinessSpec(ReadinessKind.Fd, Fd: 3), Only("[program:a]\ncommand=x\nreadiness = fd:3\n").Readiness);
        Assert.AreEqual(new ReadinessSpec(ReadinessKind.Log, Text: "listening on :80"), Only("[program:a]\ncommand=x\nreadiness = log:listening on :80\n").Readiness);
        Assert.AreEqual(ReadinessKind.Health, Only("[program:a]\ncommand=x\nreadiness = health\nhealthcheck_type = tcp\nhealthcheck_port = 1\n").Readiness.Kind);
    }

    [TestMethod]
    public void BadValuesAreErrorsAtTheirLine()
    {
        HasError(Load("[program:a]\ncommand=x\nreadiness = ready\n"), "3: Program 'a': invalid readiness 'ready' (expected startsecs, notify, fd:N, log:TEXT or health)");
        HasError(Load("[program:a]\ncommand=x\nreadiness = fd:2\n"), "3: Program 'a': invalid readiness 'fd:2' (fd:N needs a descriptor number from 3 to 1023)");
        HasError(Load("[program:a]\ncommand=x\nreadiness = log:\n"), "3: Program 'a': readiness = log:TEXT needs the text to wait for");
        HasError(Load("[program:a]\ncommand=x\nreadiness = health\n"), "3: Program 'a': readiness = health needs a health check (set healthcheck_type)");
        HasError(Load("[program:a]\ncommand=x\nwatchdog_sec = 5\n"), "3: Program 'a': watchdog_sec needs readiness = notify");
    }
}

[TestClass]
public class BackoffOptionTests
{
    [TestMethod]
    public void BackoffOptionsAndInfiniteRetriesAreRead()
    {
        var p = Only("[program:a]\ncommand=x\nbackoff = exponential\nbackoff_initial = 0.5\nbackoff_multiplier = 3\nbackoff_max = 120\nbackoff_reset_after = 10\nstartretries = infinite\n");
        Assert.AreEqual(new BackoffSpec(BackoffKind.Exponential, 0.5, 3, 120, 10), p.Backoff);
        Assert.IsTrue(p.RetriesForever);
        Assert.AreEqual(BackoffSpec.Default, Only("[program:a]\ncommand=x\n").Backoff);
    }

    [TestMethod]
    public void BadBackoffValuesAreErrors()
    {
        HasError(Load("[program:a]\ncommand=x\nbackoff = fibonacci\n"), "3: Program 'a': invalid backoff 'fibonacci' (expected linear or exponential)");
        HasError(Load("[program:a]\ncommand=x\nbackoff_multiplier = 0.5\n"), "3: Program 'a': invalid backoff_multiplier '0.5'");
        HasError(Load("[program:a]\ncommand=x\nstartretries = forever\n"), "3: Program 'a'");
    }
}
