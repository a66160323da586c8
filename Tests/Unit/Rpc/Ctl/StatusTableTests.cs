using Supervice.Rpc.Ctl;

namespace Supervice.Tests.Unit.Rpc.Ctl;

[TestClass]
public class StatusTableTests
{
    [TestMethod]
    public void BasicTableHasOriginalWidthsAndDashLineAsLongAsHeader()
    {
        var t = StatusTable.Format([new() { Name = "slow", State = "STOPPED" }], color: false);
        var lines = t.Split('\n');
        Assert.AreEqual("NAME                 STATE      PID       ", lines[0]);
        Assert.AreEqual(new string('-', lines[0].Length), lines[1]);
        Assert.AreEqual("slow                 STOPPED    -         ", lines[2]);
        Assert.AreEqual("", lines[3]);
    }

    [TestMethod]
    public void UptimeAndHealthColumnsAppearWhenAnyRowHasThem()
    {
        var t = StatusTable.Format(
        [
            new() { Name = "unh", State = "UNHEALTHY", Pid = 21441, Uptime = 2, Healthy = false },
            new() { Name = "slow", State = "STOPPED" },
        ], color: false).Split('\n');
        Assert.AreEqual("NAME                 STATE      PID        UPTIME       HEALTH    ", t[0]);
        Assert.AreEqual(66, t[1].Length);
        Assert.AreEqual("unh                  UNHEALTHY  21441      0:02         FAIL      ", t[2]);
        Assert.AreEqual("slow                 STOPPED    -          -            -         ", t[3]);
    }

    [TestMethod]
    public void HealthColumnShowsForAConfiguredCheckBeforeItsFirstRun()
    {
        var t = StatusTable.Format([new() { Name = "a", State = "STARTING", Pid = 5, HasHealthcheck = true }], false);
        StringAssert.Contains(t.Split('\n')[0], "HEALTH");
        var none = StatusTable.Format([new() { Name = "a", State = "RUNNING", Pid = 5 }], false);
        Assert.IsFalse(none.Contains("HEALTH"));
        Assert.IsFalse(none.Contains("UPTIME"));
    }

    [TestMethod]
    public void NameColumnWidensToTheLongestName()
    {
        var longName = new string('n', 30);
        var t = StatusTable.Format([new() { Name = longName, State = "RUNNING", Pid = 1 }, new() { Name = "b", State = "RUNNING", Pid = 2 }], false).Split('\n');
        Assert.AreEqual("NAME".PadRight(30) + " STATE      PID       ", t[0]);
        Assert.AreEqual("b".PadRight(30) + " RUNNING    2         ", t[3]);
    }

    [TestMethod]
    public void InfoColumnComesLastWithDashForRowsWithout()
    {
        var t = StatusTable.Format(
        [
            new() { Name = "a", State = "EXITED", Info = "exited 1 (3s ago)" },
            new() { Name = "b", State = "RUNNING", Pid = 9 },
        ], false).Split('\n');
        Assert.AreEqual("NAME                 STATE      PID        INFO", t[0]);
        Assert.AreEqual(t[0].Length, t[1].Length);
        Assert.AreEqual("a                    EXITED     -          exited 1 (3s ago)", t[2]);
        Assert.AreEqual("b                    RUNNING    9          -", t[3]);
    }

    [TestMethod]
    [DataRow(0L, "0:00")]
    [DataRow(65L, "1:05")]
    [DataRow(3599L, "59:59")]
    [DataRow(3600L, "1:00:00")]
    [DataRow(86399L, "23:59:59")]
    [DataRow(86400L + 3661L, "1d 1:01:01")]
    [DataRow(10L * 86400, "10d 0:00:00")]
    public void UptimeFormats(long seconds, string expected) => Assert.AreEqual(expected, StatusTable.FormatUptime(seconds));

    [TestMethod]
    public void ColourWrapsTheStateWithoutChangingTheWidth()
    {
        var plain = StatusTable.Format([new() { Name = "a", State = "RUNNING", Pid = 1 }], false).Split('\n')[2];
        var coloured = StatusTable.Format([new() { Name = "a", State = "RUNNING", Pid = 1 }], true).Split('\n')[2];
        Assert.AreEqual(plain, coloured.Replace("\e[32m", "").Replace("\e[0m", ""));
        Assert.AreNotEqual(plain, coloured);
    }
}
