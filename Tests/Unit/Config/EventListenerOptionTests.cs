using Supervice.Config;

namespace Supervice.Tests.Unit.Config;

[TestClass]
public class EventListenerOptionTests
{
    [TestMethod]
    public void ListenerIsAPoolOfProcessesWithItsEvents()
    {
        var m = ConfigTestHelper.Ok("[eventlistener:watch]\ncommand=x\nevents=PROCESS_STATE_FATAL, TICK_60\nnumprocs=2\nprocess_name=%(program_name)s_%(process_num)d\nbuffer_size=50\n"
            + "[program:web]\ncommand=y\nstdout_events_enabled=true\n");
        var watch = m.Processes.Where(p => p.Listener is not null).ToList();
        CollectionAssert.AreEqual(new[] { "watch_0", "watch_1" }, watch.Select(p => p.Name).ToArray());
        Assert.IsTrue(watch.All(p => p.GroupName == "watch" && p.Priority == -1));
        CollectionAssert.AreEqual(new[] { "PROCESS_STATE_FATAL", "TICK_60" }, watch[0].Listener!.Events.ToArray());
        Assert.AreEqual(50, watch[0].Listener!.BufferSize);
        var web = m.Processes.Single(p => p.Name == "web");
        Assert.IsTrue(web.StdoutEvents);
        Assert.IsFalse(web.StderrEvents);
        Assert.IsTrue(m.IgnoredPools.IsEmpty);
    }

    [TestMethod]
    public void UnknownEventNameIsAnErrorWithASuggestion()
    {
        var r = ConfigTestHelper.Load("[eventlistener:w]\ncommand=x\nevents=PROCESS_STATE_FATL\n");
        Assert.IsFalse(r.Ok);
        Assert.IsTrue(r.Diagnostics.Any(d => d.Message.Contains("unknown event type 'PROCESS_STATE_FATL'; did you mean 'PROCESS_STATE_FATAL'?")), string.Join("\n", r.Diagnostics));
    }

    [TestMethod]
    public void MissingEventsAndRedirectStderrAreErrors()
    {
        var r = ConfigTestHelper.Load("[eventlistener:w]\ncommand=x\nredirect_stderr=true\n");
        Assert.IsFalse(r.Ok);
        Assert.IsTrue(r.Diagnostics.Any(d => d.Message.Contains("events is required")), string.Join("\n", r.Diagnostics));
        Assert.IsTrue(r.Diagnostics.Any(d => d.Message.Contains("redirect_stderr = true is not allowed")), string.Join("\n", r.Diagnostics));
    }

    [TestMethod]
    public void ResultHandlers()
    {
        var stdout = ConfigTestHelper.Load("[eventlistener:w]\ncommand=x\nevents=PROCESS_LOG\nresult_handler=supervisor_stdout:event_handler\n");
        Assert.IsTrue(stdout.Ok && stdout.Model!.Processes[0].Listener!.BodyToStdout, string.Join("\n", stdout.Diagnostics));
        Assert.IsFalse(stdout.Diagnostics.Any(), string.Join("\n", stdout.Diagnostics));
        var other = ConfigTestHelper.Load("[eventlistener:w]\ncommand=x\nevents=PROCESS_LOG\nresult_handler=my.mod:handler\n");
        Assert.IsTrue(other.Ok);
        Assert.IsFalse(other.Model!.Processes[0].Listener!.BodyToStdout);
        Assert.IsTrue(other.Diagnostics.Any(d => d.Severity == Severity.Warning && d.Message.Contains("result_handler 'my.mod:handler' is not supported")), string.Join("\n", other.Diagnostics));
    }
}
