using System.Diagnostics;
using Supervice.Core.Trees;

namespace Supervice.Tests.Unit.Core.Trees;

[TestClass]
public class ProcUsageTests
{
    private const string Tail = "0 0 0 0 0 0 0 0 0 20 0 1 0 123456 1000 10 18446744073709551615 0 0 0 0 0 0 0 0 0";

    [TestMethod]
    public void ParsesGroupTicksAndRss()
    {
        // utime stime cutime cstime = fields 14-17, rss = 24.
        var s = ProcUsage.Parse("9 (a) b) S 1 4200 4100 0 -1 0 0 0 0 0 7 5 3 1 20 0 1 0 123 1000 250 18446744073709551615 0"u8)!.Value;
        Assert.AreEqual(4200, s.Pgid);
        Assert.AreEqual(16UL, s.Ticks);
        Assert.AreEqual(250, s.RssPages);
        Assert.IsNull(ProcUsage.Parse("12 (x) S 1 2"u8));
        Assert.IsNull(ProcUsage.Parse(System.Text.Encoding.ASCII.GetBytes($"1 (x) S 1 x 3 0 -1 {Tail}")));
    }

    [TestMethod]
    public void AGroupIsMeasuredAgainAndItsFilesClosedWhenItIsGone()
    {
        using var sleeper = Process.Start(new ProcessStartInfo("/usr/bin/setsid", ["/bin/sleep", "60"]))!;
        try
        {
            int pgid = sleeper.Id;
            Supervice.Tests.EndToEnd.Wait.Until(() => ProcStat.Read(pgid) is { Pgid: var g } && g == pgid, 10, "the sleeper to lead its own group");
            var usage = new ProcUsage();
            var first = usage.Scan(new HashSet<int> { pgid }).Of(pgid);
            Assert.IsGreaterThan(0, first.RssBytes, "RSS of a live sleep");
            Assert.AreEqual(1, usage.KeptFiles, "its stat file is kept for the next pass");
            var again = usage.Scan(new HashSet<int> { pgid }).Of(pgid);
            Assert.IsGreaterThan(0, again.RssBytes, "read again through the kept file");
            Assert.AreEqual(1, usage.KeptFiles);
            Assert.AreEqual((0.0, 0L), usage.Scan(new HashSet<int>()).Of(pgid), "a group not asked for is not measured");
            Assert.AreEqual(0, usage.KeptFiles, "and its file is closed");
            usage.Scan(new HashSet<int> { pgid });
            sleeper.Kill();
            sleeper.WaitForExit();
            Assert.AreEqual((0.0, 0L), usage.Scan(new HashSet<int> { pgid }).Of(pgid), "a group with no live member");
            Assert.AreEqual(0, usage.KeptFiles, "the file of a process that has gone is closed");
        }
        finally
        {
            if (!sleeper.HasExited) sleeper.Kill();
        }
    }
}
