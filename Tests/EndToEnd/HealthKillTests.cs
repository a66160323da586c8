namespace Supervice.Tests.EndToEnd;

/// <summary>Issue #10 defect 14: a health-triggered kill logs every state change (RUNNING → UNHEALTHY → STOPPING,
/// SPEC §3) and INFO names the failed check instead of "gave up after 0 attempts, killed by SIGTERM".</summary>
[TestClass]
public class HealthKillTests
{
    [TestMethod]
    public void AHealthKillWithNoRetriesLogsUnhealthyAndInfoNamesTheCheck()
    {
        using var d = new Daemon("[program:s]\ncommand = sleep 1000\nstartsecs = 0\nstartretries = 0\n" +
            "healthcheck_type = script\nhealthcheck_command = echo database unreachable >&2; exit 3\n" +
            "healthcheck_interval = 1\nhealthcheck_timeout = 5\nhealthcheck_retries = 2\nhealthcheck_start_period = 0\n");
        d.WaitState("s", "FATAL", 30);
        var log = d.Log;
        int unhealthy = log.IndexOf("s: RUNNING -> UNHEALTHY", StringComparison.Ordinal);
        int stopping = log.IndexOf("s: UNHEALTHY -> STOPPING", StringComparison.Ordinal);
        int fatal = log.IndexOf("s: STOPPING -> FATAL", StringComparison.Ordinal);
        Assert.IsTrue(unhealthy >= 0 && stopping > unhealthy && fatal > stopping, $"RUNNING -> UNHEALTHY -> STOPPING -> FATAL, each logged (log:\n{log})");
        Assert.IsFalse(log.Contains("s: RUNNING -> STOPPING"), $"no step skipped (log:\n{log})");

        var status = d.Ctl("status", "s");
        StringAssert.Contains(status.Stdout, "unhealthy: script check failed 2 times: Health check script exited with code 3: database unreachable", status.Stdout);
        Assert.IsFalse(status.Stdout.Contains("gave up after 0 attempts"), status.Stdout);
    }
}
