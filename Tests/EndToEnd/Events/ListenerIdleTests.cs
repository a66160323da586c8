namespace Supervice.Tests.EndToEnd.Events;

/// <summary>SPEC §15: a subscribed PROCESS_STATE listener arms no timer; the daemon sleeps while nothing happens.</summary>
[TestClass]
public class ListenerIdleTests
{
    private static long VoluntarySwitches(int pid)
    {
        long total = 0;
        foreach (var task in Directory.GetDirectories($"/proc/{pid}/task"))
            foreach (var line in File.ReadAllLines(Path.Combine(task, "status")))
                if (line.StartsWith("voluntary_ctxt_switches:", StringComparison.Ordinal)) total += long.Parse(line.Split(':')[1].Trim());
        return total;
    }

    [TestMethod]
    public void IdleDaemonWithAStateListenerMakesNoWakeups()
    {
        var dir = Fixtures.TempDir("supervice-events-");
        using var d = new Daemon($"""
            [eventlistener:states]
            command = {ListenerKit.Script(dir, "states")}
            events = PROCESS_STATE
            startsecs = 0

            [program:w]
            command = sleep 1000
            startsecs = 0
            """, dir: dir);
        ListenerKit.WaitEvents(dir, "states", e => e.Any(l => l.StartsWith("PROCESS_STATE_RUNNING", StringComparison.Ordinal) && l.Contains("processname:w ", StringComparison.Ordinal)));
        Thread.Sleep(1000); // let the start-up work (the GC, the thread pool) settle before measuring
        long before = VoluntarySwitches(d.Pid);
        Thread.Sleep(3000);
        long after = VoluntarySwitches(d.Pid);
        Assert.AreEqual(0, after - before, $"voluntary context switches over 3 idle seconds");
    }
}
