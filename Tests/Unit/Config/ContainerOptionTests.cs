using static Supervice.Tests.Unit.Config.ConfigTestHelper;

namespace Supervice.Tests.Unit.Config;

/// <summary>The container options: essential, exit_when_done, init, `*_logfile = console`, `*_log_timestamps`.</summary>
[TestClass]
public class ContainerOptionTests
{
    [TestMethod]
    public void EssentialAndTimestampsAndConsoleParse()
    {
        var p = Only("[program:web]\ncommand=sleep 1\nessential=true\nstdout_logfile=console\nstdout_log_timestamps=true\nstderr_logfile=%(here)s/err.log\n");
        Assert.IsTrue(p.Essential);
        Assert.IsTrue(p.Stdout.Console);
        Assert.IsNull(p.Stdout.Path, "console is not a file");
        Assert.IsTrue(p.Stdout.Timestamps);
        Assert.IsFalse(p.Stderr.Console);
        Assert.IsFalse(p.Stderr.Timestamps);
        Assert.IsTrue(p.Stderr.Path!.EndsWith("/err.log"));
    }

    [TestMethod]
    public void DefaultsAreOff()
    {
        var p = Only("[program:web]\ncommand=sleep 1\n");
        Assert.IsFalse(p.Essential);
        Assert.IsFalse(p.Stdout.Console || p.Stdout.Timestamps || p.Stderr.Console || p.Stderr.Timestamps);
        var m = Ok("[supervice]\n[program:web]\ncommand=sleep 1\n");
        Assert.IsFalse(m.Supervisor.ExitWhenDone);
        Assert.IsFalse(m.Supervisor.Init);
    }

    [TestMethod]
    public void ConsoleIsCaseInsensitiveAndDevStdoutStaysAFile()
    {
        Assert.IsTrue(Only("[program:web]\ncommand=sleep 1\nstderr_logfile=CONSOLE\n").Stderr.Console);
        var p = Only("[program:web]\ncommand=sleep 1\nstdout_logfile=/dev/stdout\nstdout_logfile_maxbytes=0\n");
        Assert.IsFalse(p.Stdout.Console);
        Assert.AreEqual("/dev/stdout", p.Stdout.Path);
    }

    [TestMethod]
    public void SupervisorSectionTakesExitWhenDoneAndInitWithoutWarnings()
    {
        var r = Load("[supervisord]\nexit_when_done=true\ninit=true\n[program:web]\ncommand=sleep 1\nessential=true\nstdout_log_timestamps=true\n");
        Assert.IsTrue(r.Ok, string.Join("\n", r.Diagnostics));
        Assert.IsTrue(r.Model!.Supervisor.ExitWhenDone);
        Assert.IsTrue(r.Model.Supervisor.Init);
        Assert.AreEqual(0, Warnings(r).Count, string.Join("\n", r.Diagnostics));
    }

    [TestMethod]
    public void BadBooleansAreErrorsWithTheirLine()
    {
        HasError(Load("[program:web]\ncommand=sleep 1\nessential=sometimes\n"), "3: ");
        HasError(Load("[program:web]\ncommand=sleep 1\nstdout_log_timestamps=maybe\n"), "3: ");
        HasError(Load("[supervice]\nexit_when_done=perhaps\n[program:web]\ncommand=sleep 1\n"), "2: ");
    }
}
