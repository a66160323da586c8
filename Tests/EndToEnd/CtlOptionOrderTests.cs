namespace Supervice.Tests.EndToEnd;

/// <summary>Options after the names, as SPEC §1.1 and the original's client write them (0.5.0 answered
/// `ctl restart web --force` with `--force: ERROR (no such process)`, exit 4).</summary>
[TestClass]
public class CtlOptionOrderTests
{
    [TestMethod]
    public void RestartWithForceAfterTheNameKillsAndRestarts()
    {
        // TERM is ignored and the stop wait is longer than ctl's timeout: only --force (SIGKILL) restarts it in time.
        using var d = new Daemon("[program:web]\ncommand = sh -c 'trap \"\" TERM; touch web.trapped; while :; do sleep 0.05; done'\nstartsecs = 0\nstopwaitsecs = 120\n");
        d.WaitState("web", "RUNNING");
        d.WaitFile("web.trapped");
        var before = d.PidOf("web");
        Assert.IsGreaterThan(0, before);
        var r = d.Ctl("restart", "web", "--force", "--timeout", "60");
        Assert.AreEqual(0, r.ExitCode, r.Stdout + r.Stderr);
        Assert.AreEqual("web: restarted\n", r.Stdout);
        d.WaitState("web", "RUNNING");
        var after = d.PidOf("web");
        Assert.IsGreaterThan(0, after);
        Assert.AreNotEqual(before, after, "restart gave no new process");
    }

    [TestMethod]
    public void TailAndStatusOptionsAfterTheName()
    {
        using var d = new Daemon("[program:web]\ncommand = sh -c 'echo one; echo two; echo three; exec sleep 1000'\nstartsecs = 0\n");
        d.WaitState("web", "RUNNING");
        Wait.Until(() => d.Ctl("tail", "web").Stdout.Contains("three"), 10, "web's output");
        var tail = d.Ctl("tail", "web", "-n", "1");
        Assert.AreEqual(0, tail.ExitCode, tail.Stderr);
        Assert.AreEqual("three\n", tail.Stdout);
        var json = d.Ctl("status", "web", "--json");
        Assert.AreEqual(0, json.ExitCode, json.Stderr);
        StringAssert.StartsWith(json.Stdout, "{");
        StringAssert.Contains(json.Stdout, "\"name\":\"web\"");
        var pid = Bin.Run("ctl", "pid", "web", "-s", d.Socket); // the socket option after the name too
        Assert.AreEqual(0, pid.ExitCode, pid.Stderr);
        Assert.AreEqual(d.PidOf("web").ToString(System.Globalization.CultureInfo.InvariantCulture) + "\n", pid.Stdout);
    }

    [TestMethod]
    public void AnOptionTheVerbDoesNotHaveIsAUsageError()
    {
        using var d = new Daemon("[program:web]\ncommand = sleep 1000\nstartsecs = 0\n");
        d.WaitState("web", "RUNNING");
        var before = d.PidOf("web");
        var r = d.Ctl("stop", "web", "--force");
        Assert.AreEqual(2, r.ExitCode, r.Stdout + r.Stderr);
        StringAssert.Contains(r.Stderr, "supervice ctl stop: unknown option '--force'");
        Assert.AreEqual("RUNNING", d.State("web"), "a refused command changed something");
        Assert.AreEqual(before, d.PidOf("web"));
    }

    /// <summary>The options CtlArgs moves must be the options each verb really has (its --help lists them).</summary>
    [TestMethod]
    public void EveryVerbsHelpListsExactlyTheOptionsThatAreAcceptedAnywhere()
    {
        foreach (var verb in Supervice.Rpc.Ctl.CtlArgs.Verbs)
        {
            var help = Bin.Run("ctl", verb, "--help");
            var listed = System.Text.RegularExpressions.Regex.Matches(help.Stdout, @"^\s+(-[a-z]),\s+(--[a-z-]+)|^\s+(--[a-z-]+)", System.Text.RegularExpressions.RegexOptions.Multiline)
                .SelectMany(m => new[] { m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value }).Where(v => v.Length > 0)
                .Where(v => v is not "--help" and not "--version").Order(StringComparer.Ordinal).ToArray();
            var accepted = Supervice.Rpc.Ctl.CtlArgs.OptionNames(verb).Order(StringComparer.Ordinal).ToArray();
            CollectionAssert.AreEqual(accepted, listed, $"{verb}: --help lists [{string.Join(' ', listed)}], CtlArgs accepts [{string.Join(' ', accepted)}]\n{help.Stdout}");
        }
    }
}
