using System.Diagnostics;
using Supervice.Tests.Fuzz;

namespace Supervice.Tests.EndToEnd.Faults;

/// <summary>50 programs crash-looping: status stays fast, memory and fds stay flat.</summary>
[TestClass]
public class CrashLoopTests
{
    [TestMethod]
    [DoNotParallelize] // a latency bound: measured with the 2 cores to itself, not against another test class
    public void FiftyCrashLoopsKeepStatusFastAndResourcesFlat()
    {
        int seconds = FuzzBudget.Count(8, 30);
        using var d = new Daemon("[program:crash]\ncommand = sh -c 'exit 1'\nnumprocs = 50\nstartsecs = 0\nautorestart = true\n");
        var latencies = new List<double>();
        var total = Stopwatch.StartNew();
        void Probe()
        {
            Bin.Result? r = null;
            latencies.Add(FaultKit.TimeMs(() => r = d.Ctl("status")));
            Assert.IsTrue(r!.ExitCode is 0 or 3, $"ctl status failed: {r.ExitCode} {r.Stderr}");
        }
        while (total.Elapsed < TimeSpan.FromSeconds(Math.Min(3, seconds / 2.0))) Probe();
        long rss0 = FaultKit.RssKb(d.Pid);
        int fd0 = FaultKit.FdCount(d.Pid);
        latencies.Clear();
        while (total.Elapsed < TimeSpan.FromSeconds(seconds)) Probe();
        long rss1 = FaultKit.RssKb(d.Pid);
        int fd1 = FaultKit.FdCount(d.Pid);
        var spawnLines = d.Log.Split('\n').Count(l => l.Contains(": spawned pid "));
        latencies.Sort();
        Console.WriteLine($"crash loop {seconds}s, 50 programs, {spawnLines} spawns: ctl status n={latencies.Count} median {latencies[latencies.Count / 2]:0.0} ms, " +
                          $"p95 {latencies[(int)(latencies.Count * 0.95)]:0.0} ms, max {latencies[^1]:0.0} ms; VmRSS {rss0} kB -> {rss1} kB; fds {fd0} -> {fd1}");
        Assert.IsFalse(d.HasExited, "daemon died");
        // Every whole `ctl status` (a process start included) stays under 100 ms.
        Assert.IsLessThan(100, latencies[^1], "a ctl status took 100 ms or more");
        Assert.IsLessThanOrEqualTo(rss0 * 1.10, rss1, $"VmRSS grew {rss0} -> {rss1} kB");
        Assert.IsGreaterThanOrEqualTo(rss0 * 0.90, rss1, $"VmRSS shrank {rss0} -> {rss1} kB");
        Assert.IsLessThanOrEqualTo(fd0 + 160, fd1, $"fds grew {fd0} -> {fd1}");
    }
}
