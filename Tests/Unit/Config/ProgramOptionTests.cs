using System.Collections.Immutable;
using static Supervice.Tests.Unit.Config.ConfigTestHelper;
using Supervice.Config;
using Supervice.Config.Model;

namespace Supervice.Tests.Unit.Config;

[TestClass]
public class ProgramOptionTests
{
    [TestMethod]
    public void DefaultsMatchTheContract()
    {
        var p = Only("[program:web]\ncommand = sleep 1\n");
        Assert.AreEqual("web", p.Name);
        Assert.AreEqual("web", p.GroupName);
        CollectionAssert.AreEqual(new[] { "sleep", "1" }, p.Argv.ToArray());
        Assert.IsTrue(p.AutoStart);
        Assert.AreEqual(AutoRestart.True, p.AutoRestart);
        CollectionAssert.AreEqual(new[] { 0 }, p.ExitCodes.ToArray());
        Assert.AreEqual(999, p.Priority);
        Assert.AreEqual(1, p.StartSecs);
        Assert.AreEqual(3, p.StartRetries);
        Assert.AreEqual(15, p.StopSignal);
        Assert.AreEqual(10, p.StopWaitSecs);
        Assert.IsTrue(p.StopAsGroup && p.KillAsGroup && p.PdeathSig);
        Assert.IsFalse(p.RedirectStderr);
        Assert.IsNull(p.Stdout.Path);
        Assert.AreEqual(50L * 1024 * 1024, p.Stdout.MaxBytes);
        Assert.AreEqual(10, p.Stdout.Backups);
        Assert.IsNull(p.Umask);
        Assert.AreEqual(ReconcilePolicy.Auto, p.Reconcile);
        Assert.AreEqual(HealthCheckType.None, p.HealthCheck.Type);
    }

    [TestMethod]
    public void EveryOptionIsRead()
    {
        var p = Only("""
            [program:web]
            command = /bin/app --port 80
            autostart = no
            autorestart = unexpected
            exitcodes = 0, 2
            priority = 5
            startsecs = 0
            startretries = 7
            stopsignal = sigint
            stopwaitsecs = 3
            stopasgroup = false
            killasgroup = off
            redirect_stderr = yes
            umask = 027
            stdout_logfile_maxbytes = 1MB
            stdout_logfile_backups = 2
            pdeathsig = false
            reconcile = KILL
            """);
        Assert.IsFalse(p.AutoStart);
        Assert.AreEqual(AutoRestart.Unexpected, p.AutoRestart);
        CollectionAssert.AreEqual(new[] { 0, 2 }, p.ExitCodes.ToArray());
        Assert.AreEqual(5, p.Priority);
        Assert.AreEqual(0, p.StartSecs);
        Assert.AreEqual(7, p.StartRetries);
        Assert.AreEqual(2, p.StopSignal);
        Assert.AreEqual(3, p.StopWaitSecs);
        Assert.IsFalse(p.StopAsGroup || p.KillAsGroup || p.PdeathSig);
        Assert.IsTrue(p.RedirectStderr);
        Assert.AreEqual(23, p.Umask);
        Assert.AreEqual(1024 * 1024, p.Stdout.MaxBytes);
        Assert.AreEqual(2, p.Stdout.Backups);
        Assert.AreEqual(ReconcilePolicy.Kill, p.Reconcile);
    }

    [TestMethod]
    public void MissingCommandIsAnErrorAtTheSectionHeader() => HasError(Load("[program:x]\nautostart=true\n"), "1: Program 'x': missing command");

    [TestMethod]
    public void EmptyCommandIsMissing() => HasError(Load("[program:x]\ncommand =\n"), "2: Program 'x': missing command");

    [TestMethod]
    public void UnparsableCommandIsAnError() => HasError(Load("[program:x]\ncommand = echo 'x\n"), "2: Program 'x': command does not parse: No closing quotation");

    [TestMethod]
    public void BooleanTypoIsAnErrorNamingTheValue() => HasError(Load("[program:x]\ncommand=a\nautostart = ture\n"), "3: Program 'x': invalid boolean for autostart: 'ture'");

    [TestMethod]
    public void BadAutorestartIsAnError() => HasError(Load("[program:x]\ncommand=a\nautorestart = sometimes\n"), "invalid autorestart 'sometimes' (expected true, false or unexpected)");

    [TestMethod]
    public void BadExitcodesIsAnError() => HasError(Load("[program:x]\ncommand=a\nexitcodes = 0,x\n"), "invalid exitcodes '0,x'");

    [TestMethod]
    public void BadSignalListsValidSignals() => HasError(Load("[program:x]\ncommand=a\nstopsignal = FOO\n"), "invalid stopsignal 'FOO'. Valid signals: ABRT, ALRM,");

    [TestMethod]
    public void NegativeStartsecsIsAnError() => HasError(Load("[program:x]\ncommand=a\nstartsecs = -1\n"), "Program 'x': startsecs must be non-negative, got -1");

    [TestMethod]
    public void NonIntegerIsAnErrorWithPythonsWording() => HasError(Load("[program:x]\ncommand=a\nstartretries = abc\n"), "invalid literal for int() with base 10: 'abc'");

    [TestMethod]
    public void BadByteSizeIsAnError() => HasError(Load("[program:x]\ncommand=a\nstdout_logfile_maxbytes = 5XB\n"), "invalid byte size for stdout_logfile_maxbytes: '5XB'");

    [TestMethod]
    public void BadReconcileIsAnError() => HasError(Load("[program:x]\ncommand=a\nreconcile = maybe\n"), "invalid reconcile 'maybe' (expected one of: auto, kill, warn, off)");

    [TestMethod]
    public void BadUmaskIsAnError() => HasError(Load("[program:x]\ncommand=a\numask = 999\n"), "invalid octal value for umask: '999'");

    [TestMethod]
    public void AllErrorsAreCollectedNotJustTheFirst()
    {
        var r = Load("[program:x]\ncommand=a\nautostart = ture\nstartsecs = z\n[program:y]\nstopsignal = BAD\n");
        Assert.AreEqual(4, Errors(r).Count, string.Join("\n", r.Diagnostics));
    }

    [TestMethod]
    public void LogfileNoneOffAndAutoAreRecognised()
    {
        var m = Ok("[supervice]\nchildlogdir = /tmp\n[program:a]\ncommand=x\nstdout_logfile = NONE\nstderr_logfile = AUTO\n[program:b]\ncommand=x\nstdout_logfile=off\n");
        Assert.IsNull(m.Processes[0].Stdout.Path);
        Assert.AreEqual("/tmp/a-stderr.log", m.Processes[0].Stderr.Path);
        Assert.IsNull(m.Processes[1].Stdout.Path);
    }

    [TestMethod]
    public void DevStdoutLogPathIsAccepted() => Assert.AreEqual("/dev/stdout", Only("[program:a]\ncommand=x\nstdout_logfile=/dev/stdout\n").Stdout.Path);

    [TestMethod]
    public void RelativePathsResolveAgainstTheWorkingDirectory()
    {
        var m = Ok("[program:a]\ncommand=x\nstdout_logfile=out.log\n");
        Assert.AreEqual(Path.Combine(Path.GetDirectoryName(m.Path)!, "out.log"), m.Processes[0].Stdout.Path);
    }

    [TestMethod]
    public void MissingLogDirectoryIsAnErrorOrAWarningWhenPortable()
    {
        const string text = "[program:a]\ncommand=x\nstdout_logfile=/nonexistent-dir/a.log\n";
        HasError(Load(text), "3: Program 'a': log directory '/nonexistent-dir' does not exist");
        var portable = Load(text, portable: true);
        Assert.IsTrue(portable.Ok);
        HasWarning(portable, "log directory '/nonexistent-dir' does not exist");
    }

    [TestMethod]
    public void UnknownUserIsAnErrorOrAWarningWhenPortable()
    {
        const string text = "[program:a]\ncommand=x\nuser=no_such_user_here\n";
        HasError(Load(text), "3: Program 'a': user 'no_such_user_here' does not exist");
        Assert.IsTrue(Load(text, portable: true).Ok);
    }

    [TestMethod]
    public void KnownUserIsAccepted() => Assert.AreEqual("root", Only("[program:a]\ncommand=x\nuser=root\n").User);

    [TestMethod]
    public void MissingDirectoryIsAnErrorOrAWarningWhenPortable()
    {
        const string text = "[program:a]\ncommand=x\ndirectory=/nonexistent-dir\n";
        HasError(Load(text), "Program 'a': directory '/nonexistent-dir' does not exist");
        Assert.IsTrue(Load(text, portable: true).Ok);
    }

    [TestMethod]
    public void EnvironmentIsParsedAndExpanded()
    {
        var p = ConfigTestHelper.Ok("[program:a]\ncommand=x\nnumprocs=1\nenvironment=A=\"%(program_name)s,1\", B=%(ENV_HOME)s\n",
            ImmutableDictionary<string, string>.Empty.Add("HOME", "/h")).Processes[0];
        Assert.AreEqual("A=a,1 B=/h", string.Join(" ", p.Environment.Select(kv => $"{kv.Key}={kv.Value}")));
    }

    [TestMethod]
    public void EnvFileIsReadAtLoadAndEnvironmentOverridesIt()
    {
        var m = ConfigTestHelper.Ok("[program:a]\ncommand=x\nenv_file = one.env, two.env\nenvironment = C=env\n",
            extraFiles: new() { ["one.env"] = "A=1\nB=1\nC=1\n", ["two.env"] = "B=2\n" });
        Assert.AreEqual("A=1 B=2 C=env", string.Join(" ", m.Processes[0].Environment.Select(kv => $"{kv.Key}={kv.Value}")));
    }

    [TestMethod]
    public void MissingEnvFileIsAnErrorOrAWarningWhenPortable()
    {
        var r = Load("[program:a]\ncommand=x\nenv_file = /nonexistent.env\n");
        HasError(r, "3: Program 'a': env_file '/nonexistent.env' does not exist");
        Assert.IsTrue(Load("[program:a]\ncommand=x\nenv_file = /nonexistent.env\n", portable: true).Ok);
    }

    [TestMethod]
    public void MalformedEnvFileLineIsAnErrorAtThatFileAndLine()
    {
        var r = Load("[program:a]\ncommand=x\nenv_file = bad.env\n", extraFiles: new() { ["bad.env"] = "A=1\nnonsense\n" });
        var d = r.Diagnostics.Single(x => x.Severity == Severity.Error);
        Assert.IsTrue(d.File.EndsWith("bad.env", StringComparison.Ordinal));
        Assert.AreEqual(2, d.Line);
        Assert.AreEqual("Program 'a': malformed env line (expected KEY=VALUE)", d.Message);
    }

    [TestMethod]
    public void SameFileForStdoutAndStderrIsAWarningButDevicesAreFine()
    {
        var dir = Path.GetTempPath().TrimEnd('/');
        var r = Load($"[program:web]\ncommand = sleep 1\nstdout_logfile = {dir}/web.log\nstderr_logfile = {dir}/web.log\n");
        Assert.IsTrue(r.Ok);
        HasWarning(r, "4: Program 'web': stderr_logfile is the same file as stdout_logfile");
        var devices = Load("[program:web]\ncommand = sleep 1\nstdout_logfile = /dev/stdout\nstderr_logfile = /dev/stdout\n");
        Assert.IsFalse(Warnings(devices).Any(w => w.Contains("same file")));
    }
}
