namespace Supervice.Tests.EndToEnd.Events;

/// <summary>SPEC §15 and §0 (the loop never waits on a child): a listener's stdin is written without blocking. An event
/// that does not fit in the pipe is finished when the listener reads; one that never reads stalls only itself.</summary>
[TestClass]
public class ListenerStdinTests
{
    [TestMethod]
    public void ListenerThatStopsReadingNeverFreezesTheDaemon()
    {
        var dir = Fixtures.TempDir("supervice-events-");
        var stall = Path.Combine(dir, "stall.py");
        // The smallest pipe (one page) on its own stdin, then READY, then it never reads: the first event of the flood
        // (one 60 000-byte write into an empty pipe is one read, so one event) can never be written whole.
        File.WriteAllText(stall, $$"""
            import fcntl, sys, time
            fcntl.fcntl(0, fcntl.F_SETPIPE_SZ, 4096)
            sys.stdout.write('READY\n'); sys.stdout.flush()
            open('{{dir}}/stall.ready', 'w').close()
            while True: time.sleep(1000)
            """);
        var flood = Path.Combine(dir, "flood.py");
        File.WriteAllText(flood, $$"""
            import os, sys, time
            while not os.path.exists('{{dir}}/stall.ready'): time.sleep(0.02)
            out = sys.stdout.buffer
            for i in range(100):
                out.write(b'x' * 59999 + b'\n'); out.flush()
            out.write(b'flood done\n'); out.flush()
            open('{{dir}}/flooded', 'w').close()
            time.sleep(1000)
            """);
        using var d = new Daemon($"""
            [eventlistener:stall]
            command = {ListenerKit.Python} {stall}
            events = PROCESS_LOG
            buffer_size = 1000
            startsecs = 0

            [eventlistener:logs]
            command = {ListenerKit.Script(dir, "logs")}
            events = PROCESS_LOG_STDOUT

            [program:flood]
            command = {ListenerKit.Python} {flood}
            stdout_events_enabled = true
            stdout_logfile = {dir}/flood.log
            startsecs = 0
            """, dir: dir);
        Wait.Until(() => File.Exists(Path.Combine(dir, "flooded")), 30, $"the flood to be written (log:\n{d.Log})");
        // The other pool still gets events: the daemon went on while `stall` sat on its event.
        ListenerKit.WaitEvents(dir, "logs", e => e.Any(l => l.Contains("flood done", StringComparison.Ordinal)), 30);
        Assert.IsTrue(d.AnswersStatus(), $"a status request is answered while a listener does not read its stdin (log:\n{d.Log})");
        Assert.AreEqual("RUNNING", d.State("stall"), "the stalled listener is left alone: it is busy, not broken");
        d.Signal(15);
        Assert.IsTrue(d.WaitExit(30), $"the daemon did not shut down:\n{d.Log}");
        Assert.AreEqual(0, d.ExitCode, d.Log);
        StringAssert.Contains(d.Log, "supervice stopped");
    }
}
