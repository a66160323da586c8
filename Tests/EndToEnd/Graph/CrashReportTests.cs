namespace Supervice.Tests.EndToEnd.Graph;

/// <summary>Issue #12, the crash report (SPEC §9): the cause and the last 5 lines, in the log, under `ctl status NAME`
/// and as JSON `last_output`.</summary>
[TestClass]
public class CrashReportTests
{
    [TestMethod]
    public void UnexpectedExitLogsAndShowsTheLastFiveStderrLines()
    {
        using var d = new Daemon("[program:c]\ncommand = sh -c 'echo on stdout; for i in 1 2 3 4 5 6; do echo \"err $i\" >&2; done; echo \"fatal: db gone\" >&2; exit 2'\n"
            + "startsecs = 0\nautorestart = false\n[program:ok]\ncommand = sh -c 'echo fine >&2; exit 0'\nstartsecs = 0\nautorestart = false\n");
        d.WaitLog("c: exited 2 unexpectedly; last stderr: err 3 | err 4 | err 5 | err 6 | fatal: db gone");
        var table = d.Ctl("status", "c").Stdout;
        StringAssert.Contains(table, "  | err 3\n  | err 4\n  | err 5\n  | err 6\n  | fatal: db gone\n");
        Assert.IsFalse(table.Contains("on stdout"), table);
        StringAssert.Contains(d.Ctl("--json", "status", "c").Stdout, "\"last_output\":[\"err 3\",\"err 4\",\"err 5\",\"err 6\",\"fatal: db gone\"]");
        d.WaitState("ok", "EXITED");
        Assert.IsFalse(d.Log.Contains("ok: exited 0 unexpectedly") || d.Log.Contains("ok: exited 0 (FATAL)"), "an expected exit is no crash:\n" + d.Log);
        Assert.IsFalse(d.Ctl("status").Stdout.Contains("last output"), "the full table stays as it was");
    }

    [TestMethod]
    public void StdoutIsReportedWhenStderrIsRedirectedOrSilent()
    {
        using var d = new Daemon("[program:r]\ncommand = sh -c 'echo to stdout; echo also stderr >&2; exit 4'\nstartsecs = 0\nautorestart = false\nredirect_stderr = true\n"
            + "[program:s]\ncommand = sh -c 'echo only stdout; exit 5'\nstartsecs = 0\nautorestart = false\n");
        d.WaitLog("r: exited 4 unexpectedly; last stdout: to stdout | also stderr");
        d.WaitLog("s: exited 5 unexpectedly; last stdout: only stdout");
    }

    [TestMethod]
    public void FatalAfterFailedStartsCarriesTheOutput()
    {
        using var d = new Daemon("[program:f]\ncommand = sh -c 'echo cannot bind :80 >&2; exit 0'\nstartretries = 0\n");
        d.WaitLog("f: exited 0 (FATAL); last stderr: cannot bind :80");
        d.WaitState("f", "FATAL");
    }
}
