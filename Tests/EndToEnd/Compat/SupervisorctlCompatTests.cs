namespace Supervice.Tests.EndToEnd.Compat;

/// <summary>SPEC §12.2 "Done means": Debian's supervisorctl gives the same output and exit codes against our daemon as
/// against supervisord running the same file, through `-s unix:///PATH` and `[supervisorctl] serverurl`. One pair of
/// daemons for the class; each test acts on programs of its own, so the order of the tests does not matter.</summary>
[TestClass]
public class SupervisorctlCompatTests
{
    private const string Programs = """
        [program:web]
        command = /bin/sh -c 'echo hello-out; echo hello-err >&2; exec sleep 1000'
        stdout_logfile = DIR/web.out
        stderr_logfile = DIR/web.err

        [program:idle]
        command = /bin/sleep 1000
        autostart = false

        [program:broken]
        command = /bin/sh -c 'exit 3'
        startretries = 0

        [program:ss]
        command = /bin/sleep 1000
        autostart = false
        startsecs = 0

        [program:rs]
        command = /bin/sleep 1000
        startsecs = 0

        [program:sig]
        command = /bin/sh -c 'trap "echo got-usr1" USR1; echo sig-ready; while :; do sleep 0.2; done'
        stdout_logfile = DIR/sig.out
        startsecs = 0

        [program:clr]
        command = /bin/sh -c 'echo clear-me; exec sleep 1000'
        stdout_logfile = DIR/clr.out
        startsecs = 0

        [group:g]
        programs = a,b

        [program:a]
        command = /bin/sleep 1000
        startsecs = 0

        [program:b]
        command = /bin/sleep 1000
        startsecs = 0
        """;

    private static TwinDaemons _twins = null!;

    [ClassInitialize]
    public static void StartBoth(TestContext _)
    {
        _twins = TwinDaemons.StartAndWait(Programs, ("web", "RUNNING"), ("broken", "FATAL"), ("rs", "RUNNING"), ("sig", "RUNNING"), ("clr", "RUNNING"), ("g:a", "RUNNING"), ("g:b", "RUNNING"));
    }

    [ClassCleanup]
    public static void StopBoth() => _twins?.Dispose();

    [TestMethod]
    public void StatusMatches()
    {
        var all = _twins.Compare("status");
        StringAssert.Contains(all, "broken                           FATAL     Exited too quickly (process log may have details)");
        StringAssert.Contains(all, "idle                             STOPPED   Not started");
        StringAssert.Contains(all, "g:a                              RUNNING   pid N, uptime T");
        foreach (var args in new[] { "status web", "status g:*", "status g:", "status web idle", "status nosuch", "status g:nosuch", "status nosuch:*", "status all" })
            _twins.Compare(args.Split(' '));
    }

    [TestMethod]
    public void StartAndStopMatch()
    {
        Assert.AreEqual("ss: started\n", _twins.Compare("start", "ss"));
        _twins.Compare("start", "ss");           // ERROR (already started), exit 0 both ways
        _twins.Compare("status", "ss");
        Assert.AreEqual("ss: stopped\n", _twins.Compare("stop", "ss"));
        _twins.Compare("stop", "ss");            // ERROR (not running)
        foreach (var args in new[] { "start nosuch", "stop nosuch", "start g:nosuch", "stop nosuch:*", "start", "stop", "start broken" })
            _twins.Compare(args.Split(' '));
        _twins.WaitBoth("broken", "FATAL");
    }

    [TestMethod]
    public void GroupStartAndStopMatch()
    {
        // Both stop at once: supervisord prints each as it finishes, so only the set of lines is fixed.
        Assert.AreEqual("\ng:a: stopped\ng:b: stopped", _twins.CompareUnordered("stop", "g:*"));
        _twins.WaitBoth("g:a", "STOPPED");
        _twins.WaitBoth("g:b", "STOPPED");
        _twins.Compare("stop", "g:");            // nothing running: no lines
        Assert.AreEqual("g:a: started\ng:b: started\n", _twins.Compare("start", "g:*"));
        _twins.Compare("start", "g:a", "g:b");   // already started, both
    }

    [TestMethod]
    public void RestartMatches()
    {
        Assert.AreEqual("rs: stopped\nrs: started\n", _twins.Compare("restart", "rs"));
        _twins.Compare("status", "rs");
        _twins.Compare("restart", "nosuch");
    }

    [TestMethod]
    public void SignalMatches()
    {
        foreach (var side in new[] { _twins.Theirs, _twins.Ours })
            Wait.Until(() => File.Exists(Path.Combine(side.Dir, "sig.out")) && File.ReadAllText(Path.Combine(side.Dir, "sig.out")).Contains("sig-ready"), 10, "sig's trap to be set");
        Assert.AreEqual("sig: signalled\n", _twins.Compare("signal", "USR1", "sig"));
        foreach (var side in new[] { _twins.Theirs, _twins.Ours })
            Wait.Until(() => File.ReadAllText(Path.Combine(side.Dir, "sig.out")).Contains("got-usr1"), 10, $"sig to report USR1 in {side.Dir}");
        foreach (var args in new[] { "signal FOO sig", "signal HUP idle", "signal HUP nosuch", "signal HUP g:nosuch", "signal HUP", "signal 0 idle" })
            _twins.Compare(args.Split(' '));
    }

    [TestMethod]
    public void PidMatches()
    {
        Assert.AreEqual("N\n", _twins.Compare("pid"));
        _twins.Compare("pid", "web");
        _twins.Compare("pid", "idle");           // 0, exit 7
        _twins.Compare("pid", "nosuch");
        _twins.Compare("pid", "web", "g:a");
    }

    [TestMethod]
    public void TailMatches()
    {
        StringAssert.Contains(_twins.Compare("tail", "web"), "hello-out");
        StringAssert.Contains(_twins.Compare("tail", "web", "stderr"), "hello-err");
        foreach (var args in new[] { "tail -4 web", "tail nosuch", "tail web bogus", "tail -x web", "tail" })
            _twins.Compare(args.Split(' '));
    }

    [TestMethod]
    public void TailFollowStreamsNewOutput()
    {
        var outputs = new List<string>();
        foreach (var side in new[] { _twins.Theirs, _twins.Ours })
        {
            using var tail = Supervisorctl.Start("-s", side.Url, "tail", "-f", "sig");
            var text = new System.Text.StringBuilder();
            tail.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (text) text.AppendLine(e.Data); };
            tail.BeginOutputReadLine();
            string Text() { lock (text) return text.ToString(); }
            Wait.Until(() => Text().Contains("sig-ready"), 10, $"tail -f to print the backlog ({side.Dir}): {Text()}");
            var before = System.Text.RegularExpressions.Regex.Matches(Text(), "got-usr1").Count;
            side.CtlUrl("signal", "USR1", "sig");
            Wait.Until(() => System.Text.RegularExpressions.Regex.Matches(Text(), "got-usr1").Count > before, 10, $"tail -f to stream the new line ({side.Dir}): {Text()}");
            Proc.Kill(tail.Id, 2);
            Assert.IsTrue(tail.WaitForExit(10_000), $"supervisorctl tail -f did not end on SIGINT ({side.Dir}): {Text()}");
            outputs.Add(Text().Split('\n')[0]);
        }
        Assert.AreEqual(outputs[0], outputs[1], "the first line of tail -f");
    }

    [TestMethod]
    public void MaintailMatches()
    {
        foreach (var side in new[] { _twins.Theirs, _twins.Ours })
        {
            var r = side.CtlUrl("maintail", "-500");
            Assert.AreEqual(0, r.ExitCode, r.Stdout);
            Assert.IsTrue(r.Stdout.Trim().Length > 0, $"maintail printed nothing ({side.Dir})");
        }
        foreach (var args in new[] { "maintail -x", "maintail a b" })
            _twins.Compare(args.Split(' '));
        foreach (var side in new[] { _twins.Theirs, _twins.Ours })
        {
            using var tail = Supervisorctl.Start("-s", side.Url, "maintail", "-f");
            var text = new System.Text.StringBuilder();
            tail.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (text) text.AppendLine(e.Data); };
            tail.BeginOutputReadLine();
            string Text() { lock (text) return text.ToString(); }
            Wait.Until(() => Text().Split('\n').Length > 2, 10, $"maintail -f to print the log ({side.Dir}): {Text()}");
            Proc.Kill(tail.Id, 2);
            Assert.IsTrue(tail.WaitForExit(10_000), $"supervisorctl maintail -f did not end on SIGINT ({side.Dir}): {Text()}");
            StringAssert.StartsWith(Text(), "==> Press Ctrl-C to exit <==");
        }
    }

    [TestMethod]
    public void AvailAndRereadMatch()
    {
        StringAssert.Contains(_twins.Compare("avail"), "g:a                              in use    auto      999:999");
        Assert.AreEqual("No config updates to processes\n", _twins.Compare("reread"));
        _twins.Compare("avail", "x");
    }

    [TestMethod]
    public void ClearMatches()
    {
        StringAssert.Contains(_twins.Compare("tail", "clr"), "clear-me");
        Assert.AreEqual("clr: cleared\n", _twins.Compare("clear", "clr"));
        Assert.AreEqual("\n", _twins.Compare("tail", "clr"));
        _twins.Compare("clear", "nosuch");
        _twins.Compare("clear");
    }
}
