namespace Supervice.Tests.EndToEnd.Faults;

/// <summary>Issue #10 "done when", SPEC §13: the daemon's fd count (/proc/PID/fd) is flat over 1000 health-check runs
/// and 100 reload cycles that add and remove a logging program. Counts are taken when nothing is in flight, and a
/// bound of a few fds absorbs runtime noise; a leak of one fd per run or per cycle exceeds it many times over.</summary>
[TestClass]
public class FdFlatTests
{
    private const int Slack = 4;

    /// <summary>Waits (deadline, not a sleep) for the count to settle at or under the bound, and returns the last count.</summary>
    private static int SettledFdCount(Daemon d, int bound, string what)
    {
        int last = int.MaxValue;
        try { Wait.Until(() => (last = FaultKit.FdCount(d.Pid)) <= bound, 15, what); }
        catch (AssertFailedException) { Assert.Fail($"{what}: {last} fds, bound {bound}"); }
        return last;
    }

    [TestMethod]
    public void FdCountStaysFlatOver100ReloadCyclesOfAProgramWithALogFile()
    {
        using var d = new Daemon("[program:keep]\ncommand = sleep 1000\nstartsecs = 0\n");
        d.WaitState("keep", "RUNNING");
        var log = Path.Combine(d.Dir, "x.log");
        string withX = $"[program:keep]\ncommand = sleep 1000\nstartsecs = 0\n[program:x]\ncommand = sh -c 'echo up; exec sleep 1000'\nstartsecs = 0\nstdout_logfile = {log}\n";
        int baseline = 0;
        const int warmup = 10, cycles = 100;
        for (int cycle = 1; cycle <= warmup + cycles; cycle++)
        {
            d.WriteConfig(withX);
            Assert.AreEqual(0, d.Ctl("reload").ExitCode, $"cycle {cycle}: reload adding x");
            int expected = cycle;
            Wait.Until(() => File.Exists(log) && File.ReadAllText(log).Split('\n').Count(l => l == "up") == expected, 10,
                $"cycle {cycle}: x to write its log (log:\n{d.Log})");
            int pid = d.PidOf("x");
            d.WriteConfig("[program:keep]\ncommand = sleep 1000\nstartsecs = 0\n");
            Assert.AreEqual(0, d.Ctl("reload").ExitCode, $"cycle {cycle}: reload removing x");
            Wait.Until(() => !Proc.Alive(pid), 10, $"cycle {cycle}: x to be stopped");
            if (cycle == warmup) baseline = FaultKit.FdCount(d.Pid);
        }
        int final = SettledFdCount(d, baseline + Slack, $"fds after {cycles} reload cycles (baseline {baseline})");
        Console.WriteLine($"reload cycles: {cycles}; daemon fds {baseline} -> {final}");
    }

    [TestMethod]
    public void FdCountStaysFlatOver1000HealthCheckRuns()
    {
        var runs = Path.Combine(Path.GetTempPath(), $"supervice-fdflat-{Guid.NewGuid():N}.runs");
        try
        {
            using var d = new Daemon($"[program:w]\ncommand = sleep 1000\nstartsecs = 0\nnumprocs = 50\nprocess_name = w%(process_num)02d\n" +
                $"healthcheck_type = script\nhealthcheck_command = echo x >> {runs}\nhealthcheck_interval = 1\nhealthcheck_timeout = 5\n" +
                "healthcheck_retries = 3\nhealthcheck_start_period = 0\n");
            int Runs() => File.Exists(runs) ? File.ReadAllLines(runs).Length : 0;
            Wait.Until(() => Runs() >= 100, 60, $"100 warm-up check runs (log:\n{d.Log})");
            Assert.AreEqual(0, d.Ctl("stop", "all").ExitCode, "stop all: nothing in flight while counting");
            int start = Runs();
            int baseline = SettledFdCount(d, int.MaxValue, "baseline");
            Assert.AreEqual(0, d.Ctl("start", "all").ExitCode);
            Wait.Until(() => Runs() >= start + 1000, 120, $"1000 more check runs (log:\n{d.Log})");
            Assert.AreEqual(0, d.Ctl("stop", "all").ExitCode);
            int done = Runs() - start;
            int final = SettledFdCount(d, baseline + Slack, $"fds after {done} check runs (baseline {baseline})");
            Console.WriteLine($"health-check runs: {done}; daemon fds {baseline} -> {final}");
            Assert.IsFalse(d.Log.Contains("health check failed"), "every run passed (the runs counted are real runs)");
        }
        finally { File.Delete(runs); }
    }
}
