namespace Supervice.Tests.EndToEnd.Events;

/// <summary>README "Event listeners", recipe 2 (recipe 1, exit on FATAL, is ListenerProtocolTests.KillOnFatal…): child
/// output forwarded to the daemon's stdout by a supervisor_stdout listener and its result handler.</summary>
[TestClass]
public class ListenerRecipeTests
{
    [TestMethod]
    public void SupervisorStdoutForwardsOutputAsItsHandlerPrintsIt()
    {
        var dir = Fixtures.TempDir("supervice-events-");
        // What the supervisor_stdout command does: echo each event's payload back as the result body.
        var echo = Path.Combine(dir, "supervisor_stdout.py");
        File.WriteAllText(echo, """
            import sys
            while True:
                sys.stdout.write('READY\n'); sys.stdout.flush()
                headers = dict(token.split(':') for token in sys.stdin.readline().split())
                data = sys.stdin.read(int(headers['len']))
                sys.stdout.write('RESULT %d\n%s' % (len(data.encode('utf-8')), data)); sys.stdout.flush()
            """);
        using var d = new Daemon($"""
            [program:web]
            command = sh -c 'echo hello; sleep 0.2; echo oops >&2; exec sleep 1000'
            stdout_events_enabled = true
            stderr_events_enabled = true
            startsecs = 0

            [eventlistener:stdout]
            command = {ListenerKit.Python} {echo}
            events = PROCESS_LOG
            buffer_size = 100
            result_handler = supervisor_stdout:event_handler
            """, dir: dir);
        d.WaitLog("web stdout | hello\n");
        d.WaitLog("web stderr | oops\n");
        Assert.IsFalse(d.Log.Contains("processname:web", StringComparison.Ordinal), $"the payload's header line is the handler's, not output:\n{d.Log}");
        Assert.AreEqual("RUNNING", d.State("stdout"));
    }
}
