using System.Diagnostics;
using System.Text.RegularExpressions;
using Supervice.Tests.Fuzz;

namespace Supervice.Tests.EndToEnd.Faults;

/// <summary>50 programs crash-looping: status keeps answering, every program keeps being restarted (at most once a
/// second), memory and fds stay flat. How fast status answers is a figure for `make bench` (M3), not asserted here.</summary>
[TestClass]
public partial class CrashLoopTests
{
    private const int Programs = 50;

    [GeneratedRegex(@" (crash:\d\d): spawned pid \d+")]
    private static partial Regex SpawnLine();

    private static Dictionary<string, int> Spawns(Daemon d)
        => SpawnLine().Matches(d.Log).GroupBy(m => m.Groups[1].Value).ToDictionary(g => g.Key, g => g.Count());

    [TestMethod]
    public void FiftyCrashLoopsKeepStatusAnsweringAndResourcesFlat()
    {
        int seconds = FuzzBudget.Count(8, 30);
        var lifetime = Stopwatch.StartNew(); // started before the daemon, so it bounds the daemon's life from above
        using var d = new Daemon($"[program:crash]\ncommand = sh -c 'exit 1'\nnumprocs = {Programs}\nstartsecs = 0\nautorestart = true\n");
        var latencies = new List<double>();
        void Probe()
        {
            Bin.Result? r = null;
            var ms = FaultKit.TimeMs(() => r = d.Ctl("status"));
            latencies.Add(ms);
            Assert.IsTrue(r!.ExitCode is 0 or 3, $"ctl status failed: {r.ExitCode} {r.Stderr}");
            Assert.AreEqual(Programs, r.Stdout.Split('\n').Count(l => l.StartsWith("crash:", StringComparison.Ordinal)), r.Stdout);
            // Answering at all is the property; a bound of seconds (a stuck loop), never of milliseconds (a busy machine).
            Assert.IsLessThan(10_000, ms, $"a ctl status took {ms:0} ms");
        }
        while (lifetime.Elapsed < TimeSpan.FromSeconds(Math.Min(3, seconds / 2.0))) Probe();
        long rss0 = FaultKit.RssKb(d.Pid);
        int fd0 = FaultKit.FdCount(d.Pid);
        var spawns0 = Spawns(d);
        var window = Stopwatch.StartNew();
        latencies.Clear();
        while (lifetime.Elapsed < TimeSpan.FromSeconds(seconds)) Probe();
        long rss1 = FaultKit.RssKb(d.Pid);
        int fd1 = FaultKit.FdCount(d.Pid);
        var spawns1 = Spawns(d);
        double windowSeconds = window.Elapsed.TotalSeconds, lived = lifetime.Elapsed.TotalSeconds;
        latencies.Sort();
        Console.WriteLine($"crash loop {lived:0.0}s, {Programs} programs, {spawns1.Values.Sum()} spawns ({spawns1.Values.Sum() - spawns0.Values.Sum()} in the last {windowSeconds:0.0}s); " +
                          $"ctl status n={latencies.Count} median {latencies[latencies.Count / 2]:0.0} ms, max {latencies[^1]:0.0} ms (information only); " +
                          $"VmRSS {rss0} kB -> {rss1} kB; fds {fd0} -> {fd1}");
        Assert.IsFalse(d.HasExited, "daemon died");
        Assert.HasCount(Programs, spawns1, "every program was spawned");
        foreach (var (name, count) in spawns1)
        {
            // Restarted again and again while measured (about once a second)...
            Assert.IsGreaterThanOrEqualTo(spawns0.GetValueOrDefault(name) + 2, count, $"{name}: {spawns0.GetValueOrDefault(name)} -> {count} spawns in {windowSeconds:0.0}s");
            // ...but never more than once a second (SPEC §3): a spinning loop would exceed its lifetime in seconds + 1.
            Assert.IsLessThanOrEqualTo(lived + 2, count, $"{name}: {count} spawns in {lived:0.0}s, more than one a second");
        }
        Assert.IsLessThanOrEqualTo(rss0 * 1.10, rss1, $"VmRSS grew {rss0} -> {rss1} kB");
        Assert.IsGreaterThanOrEqualTo(rss0 * 0.90, rss1, $"VmRSS shrank {rss0} -> {rss1} kB");
        Assert.IsLessThanOrEqualTo(fd0 + 160, fd1, $"fds grew {fd0} -> {fd1}");
    }
}
