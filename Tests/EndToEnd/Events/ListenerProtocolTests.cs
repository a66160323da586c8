using System.Text.RegularExpressions;

namespace Supervice.Tests.EndToEnd.Events;

/// <summary>SPEC §15 end to end: listeners written with supervisor.childutils against real children.</summary>
[TestClass]
public class ListenerProtocolTests
{
    private static string NewDir() => Fixtures.TempDir("supervice-events-");

    [TestMethod]
    public void KillOnFatalListenerEndsTheDaemon()
    {
        var dir = NewDir();
        var script = Path.Combine(dir, "fatal.py");
        File.WriteAllText(script, $$"""
            import os, signal, sys
            from supervisor import childutils
            while True:
                headers, payload = childutils.listener.wait(sys.stdin, sys.stdout)
                childutils.listener.ok(sys.stdout)
                if headers['eventname'] == 'PROCESS_STATE_FATAL':
                    os.kill(int(open('{{dir}}/supervice.pid').read()), signal.SIGQUIT)
            """);
        using var d = new Daemon($"""
            [eventlistener:fatal]
            command = {ListenerKit.Python} {script}
            events = PROCESS_STATE_FATAL

            [program:broken]
            command = sh -c 'exit 1'
            startsecs = 1
            startretries = 0
            """, dir: dir);
        // The supervisord idiom (#712's workaround): SIGQUIT to the pid in the pid file, a graceful shutdown here.
        Assert.IsTrue(d.WaitExit(30), $"the daemon did not end after FATAL:\n{d.Log}");
        d.WaitLog("supervice stopped");
        StringAssert.Contains(d.Log, "received SIGQUIT: shutting down");
        StringAssert.Contains(d.Log, "broken: STARTING -> BACKOFF");
        StringAssert.Contains(d.Log, "broken: BACKOFF -> FATAL");
    }

    [TestMethod]
    public void ProcessLogListenerReceivesEveryLineInOrder()
    {
        var dir = NewDir();
        using var d = new Daemon($"""
            [eventlistener:logs]
            command = {ListenerKit.Script(dir, "logs")}
            events = PROCESS_LOG
            buffer_size = 1000

            [program:talk]
            command = sh -c 'sleep 2; i=0; while [ $i -lt 300 ]; do echo line$i; i=$((i+1)); done; echo oops >&2; exec sleep 1000'
            stdout_events_enabled = true
            stderr_events_enabled = true
            startsecs = 0
            """, dir: dir);
        var events = ListenerKit.WaitEvents(dir, "logs", e => e.Any(l => l.StartsWith("PROCESS_LOG_STDERR", StringComparison.Ordinal))
            && string.Concat(e.Where(l => l.StartsWith("PROCESS_LOG_STDOUT", StringComparison.Ordinal))).Contains("line299"));
        int pid = d.PidOf("talk");
        var text = "";
        foreach (var e in events.Where(l => l.StartsWith("PROCESS_LOG_STDOUT", StringComparison.Ordinal)))
        {
            var payload = e[(e.IndexOf('|') + 1)..];
            var head = $"processname:talk groupname:talk pid:{pid} channel:stdout\\n";
            Assert.IsTrue(payload.StartsWith(head, StringComparison.Ordinal), payload);
            text += payload[head.Length..];
        }
        Assert.AreEqual(string.Concat(Enumerable.Range(0, 300).Select(i => $"line{i}\\n")), text);
        Assert.IsTrue(events.Any(l => l.EndsWith($"|processname:talk groupname:talk pid:{pid} channel:stderr\\noops\\n", StringComparison.Ordinal)), string.Join("\n", events));
    }

    [TestMethod]
    public void StateEventsCarrySupervisordPayloadsAndSerials()
    {
        var dir = NewDir();
        using var d = new Daemon($"""
            [eventlistener:states]
            command = {ListenerKit.Script(dir, "states")}
            events = PROCESS_STATE

            [program:w]
            command = sleep 1000
            process_name = %(program_name)s_%(process_num)d
            numprocs = 1
            startsecs = 0
            """, dir: dir);
        var events = ListenerKit.WaitEvents(dir, "states", e => e.Any(l => l.Contains("processname:w_0 ", StringComparison.Ordinal) && l.StartsWith("PROCESS_STATE_RUNNING", StringComparison.Ordinal)));
        int pid = d.PidOf("w_0");
        CollectionAssert.Contains(events.Select(l => l[(l.IndexOf('|') + 1)..]).ToList(), $"processname:w_0 groupname:w from_state:STARTING pid:{pid}");
        CollectionAssert.Contains(events.Select(l => l[(l.IndexOf('|') + 1)..]).ToList(), "processname:w_0 groupname:w from_state:STOPPED tries:0");
        var serials = events.Select(l => long.Parse(l.Split(' ')[1])).ToList();
        var poolSerials = events.Select(l => long.Parse(l.Split(' ')[2].Split('|')[0])).ToList();
        CollectionAssert.AreEqual(Enumerable.Range(0, serials.Count).Select(i => (long)i).ToList(), serials);
        CollectionAssert.AreEqual(serials, poolSerials);
    }

    [TestMethod]
    public void Tick5ListenerGetsAlignedTicks()
    {
        var dir = NewDir();
        using var d = new Daemon($"""
            [eventlistener:ticks]
            command = {ListenerKit.Script(dir, "ticks")}
            events = TICK_5
            """, dir: dir);
        var events = ListenerKit.WaitEvents(dir, "ticks", e => e.Count >= 2, 20);
        foreach (var e in events)
        {
            var m = Regex.Match(e, @"^TICK_5 \d+ \d+\|when:(\d+)$");
            Assert.IsTrue(m.Success, e);
            Assert.AreEqual(0, long.Parse(m.Groups[1].Value) % 5, e);
        }
    }

    [TestMethod]
    public void RejectedEventIsSentAgain()
    {
        var dir = NewDir();
        // Rejects each event the first time it sees it, then acknowledges it.
        const string before = "seen = set()\ndef answer(h):\n    if h['serial'] in seen: return True\n    seen.add(h['serial'])\n    return False";
        using var d = new Daemon($"""
            [eventlistener:picky]
            command = {ListenerKit.Script(dir, "picky", "answer(headers)", before)}
            events = PROCESS_STATE_RUNNING

            [program:w]
            command = sleep 1000
            startsecs = 0
            """, dir: dir);
        var events = ListenerKit.WaitEvents(dir, "picky", e => e.Count(l => l.Contains("processname:w ", StringComparison.Ordinal)) >= 2);
        var forW = events.Where(l => l.Contains("processname:w ", StringComparison.Ordinal)).ToList();
        Assert.AreEqual(forW[0], forW[1], "the re-sent event keeps its serials and payload");
    }

    [TestMethod]
    public void ListenerPrintingGarbageIsRestarted()
    {
        var dir = NewDir();
        var script = Path.Combine(dir, "garbage.py");
        File.WriteAllText(script, $$"""
            import sys
            open('{{dir}}/garbage.runs', 'a').write('run\n')
            sys.stdout.write('HELLO THERE\n'); sys.stdout.flush()
            sys.stdin.readline()
            """);
        using var d = new Daemon($"""
            [eventlistener:garbage]
            command = {ListenerKit.Python} {script}
            events = TICK_60
            startsecs = 0
            """, dir: dir);
        d.WaitLog("garbage: event listener broke the protocol (expected READY, got 'HELLO THERE\\n')");
        Wait.Until(() => File.Exists(Path.Combine(dir, "garbage.runs")) && File.ReadAllLines(Path.Combine(dir, "garbage.runs")).Length >= 2, 15, $"a second run (log:\n{d.Log})");
    }

    [TestMethod]
    public void BufferOverflowDropsTheOldestWithAnError()
    {
        var dir = NewDir();
        // The listener waits for a go file before its first READY, so events pile up in the pool's queue.
        using var d = new Daemon($"""
            [eventlistener:slow]
            command = {ListenerKit.Script(dir, "slow", before: $"import os, time\nwhile not os.path.exists('{dir}/go'): time.sleep(0.05)")}
            events = PROCESS_STATE_RUNNING
            buffer_size = 2
            startsecs = 0

            [program:a]
            command = sleep 1000
            startsecs = 0
            [program:b]
            command = sleep 1000
            startsecs = 0
            [program:c]
            command = sleep 1000
            startsecs = 0
            """, dir: dir);
        d.WaitLog("pool slow event buffer overflowed, discarding event 0");
        File.WriteAllText(Path.Combine(dir, "go"), "");
        var events = ListenerKit.WaitEvents(dir, "slow", e => e.Count >= 2);
        Assert.IsFalse(events.Any(l => l.Contains("processname:slow ", StringComparison.Ordinal)), string.Join("\n", events));
        CollectionAssert.AreEqual(new[] { "b", "c" }, events.Select(l => l.Split("processname:")[1].Split(' ')[0]).ToArray(), string.Join("\n", events));
    }
}
