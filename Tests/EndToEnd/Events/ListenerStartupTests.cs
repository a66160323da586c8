namespace Supervice.Tests.EndToEnd.Events;

/// <summary>SPEC §15: the events of the daemon's start, as supervisord 4.2.5 sends them (supervisord.py run: one
/// PROCESS_GROUP_ADDED per group as it adds the groups, then SUPERVISOR_STATE_CHANGE_RUNNING).</summary>
[TestClass]
public class ListenerStartupTests
{
    [TestMethod]
    public void StartupSendsGroupAddedPerGroupThenRunning()
    {
        var dir = Fixtures.TempDir("supervice-events-");
        // Groups are added in (priority, name) order, and a pool subscribes when it is added: `groups` (priority -1,
        // the listener default) sees every group, `late` (998) only itself and the groups after it. The expected lines
        // are what supervisord 4.2.5 wrote for the same file and listeners.
        using var d = new Daemon($"""
            [program:web]
            command = sleep 1000
            startsecs = 0
            [program:alpha]
            command = sleep 1000
            priority = 5
            startsecs = 0
            [program:m1]
            command = sleep 1000
            startsecs = 0
            [program:m2]
            command = sleep 1000
            startsecs = 0
            [group:both]
            programs = m1,m2

            [eventlistener:groups]
            command = {ListenerKit.Script(dir, "groups")}
            events = PROCESS_GROUP_ADDED,SUPERVISOR_STATE_CHANGE_RUNNING
            [eventlistener:late]
            command = {ListenerKit.Script(dir, "late")}
            events = PROCESS_GROUP_ADDED,SUPERVISOR_STATE_CHANGE_RUNNING
            priority = 998
            """, dir: dir);
        var groups = ListenerKit.WaitEvents(dir, "groups", e => e.Any(l => l.StartsWith("SUPERVISOR_STATE_CHANGE_RUNNING", StringComparison.Ordinal)));
        CollectionAssert.AreEqual(new[]
        {
            "PROCESS_GROUP_ADDED 0 0|groupname:groups\\n",
            "PROCESS_GROUP_ADDED 1 1|groupname:alpha\\n",
            "PROCESS_GROUP_ADDED 2 2|groupname:late\\n",
            "PROCESS_GROUP_ADDED 3 3|groupname:both\\n",
            "PROCESS_GROUP_ADDED 4 4|groupname:web\\n",
            "SUPERVISOR_STATE_CHANGE_RUNNING 5 5|",
        }, groups, string.Join("\n", groups));
        var late = ListenerKit.WaitEvents(dir, "late", e => e.Any(l => l.StartsWith("SUPERVISOR_STATE_CHANGE_RUNNING", StringComparison.Ordinal)));
        CollectionAssert.AreEqual(new[]
        {
            "PROCESS_GROUP_ADDED 2 0|groupname:late\\n",
            "PROCESS_GROUP_ADDED 3 1|groupname:both\\n",
            "PROCESS_GROUP_ADDED 4 2|groupname:web\\n",
            "SUPERVISOR_STATE_CHANGE_RUNNING 5 3|",
        }, late, string.Join("\n", late));
    }
}
