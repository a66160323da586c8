using System.Text.RegularExpressions;

namespace Supervice.Tests.EndToEnd.Graph;

/// <summary>Issue #12, restart policy end to end (SPEC §9): an exponential crash loop after RUNNING, its INFO and JSON.</summary>
[TestClass]
public class BackoffTests
{
    [TestMethod]
    public void ExponentialCrashLoopShowsAttemptAndNextStart()
    {
        // Each run records itself, lives past startsecs (RUNNING), then crashes.
        using var d = new Daemon("[program:c]\ncommand = sh -c 'echo x >> runs.txt; sleep 0.3; exit 2'\nstartsecs = 0\n"
            + "backoff = exponential\nbackoff_initial = 1\nbackoff_max = 60\nstartretries = infinite\n");
        var runs = Path.Combine(d.Dir, "runs.txt");
        Wait.Until(() => File.Exists(runs) && File.ReadAllLines(runs).Length >= 3, 20, "three runs");
        d.WaitLog("c: exited 2; restarting in", 10);
        string? info = null;
        Wait.Until(() => (info = d.Ctl("status", "c").Stdout) is { } s && Regex.IsMatch(s, @"backoff \d+s \(attempt [3-9]/∞\), next start \d\d:\d\d:\d\d"), 20,
            "INFO with the attempt and next start");
        var json = d.Ctl("--json", "status", "c").Stdout;
        StringAssert.Matches(json, new Regex("\"restarts\":[2-9]"));
        StringAssert.Matches(json, new Regex("\"next_start\":\\d{10}|\"state\":\"(STARTING|RUNNING)\""));
        StringAssert.Matches(json, new Regex("\"attempt\":\\d"));
        var delays = Regex.Matches(d.Log, @"c: exited 2; restarting in (\d+(?:\.\d)?)s \(crash (\d+)\)").Select(m => double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.IsTrue(delays.Count >= 2 && delays[1] >= 2 * 0.99 && delays[0] <= 1.1, string.Join(", ", delays) + "\n" + d.Log);
    }
}
