using System.Text.Json;

namespace Supervice.Tests.EndToEnd;

[TestClass]
public class CheckConfigTests
{
    private static string Write(string text)
    {
        var dir = Fixtures.TempDir();
        var path = Path.Combine(dir, "supervice.conf");
        File.WriteAllText(path, text);
        return path;
    }

    private const string FiveMistakes = """
        [supervice]
        pidfile = none

        [program:a]
        command = sleep 10
        autostart = ture
        stopsignal = TERMINATE

        [program:b]
        autorestart = true

        [program:c]
        command = sleep 10
        startsecs = abc
        autostrat = true

        [group:g]
        programs = a, nothere
        """;

    [TestMethod]
    public void FileWithFiveMistakesReportsAllFiveWithLinesAndExits1()
    {
        var path = Write(FiveMistakes);
        var r = Bin.Run("check-config", "-c", path);
        Assert.AreEqual(1, r.ExitCode, r.Stdout);
        StringAssert.Contains(r.Stdout, $"{path}:6: error: Program 'a': invalid boolean for autostart: 'ture'");
        StringAssert.Contains(r.Stdout, $"{path}:7: error: Program 'a': invalid stopsignal 'TERMINATE'");
        StringAssert.Contains(r.Stdout, $"{path}:9: error: Program 'b': missing command");
        StringAssert.Contains(r.Stdout, $"{path}:14: error: Program 'c': startsecs: invalid literal for int() with base 10: 'abc'");
        StringAssert.Contains(r.Stdout, $"{path}:18: error: Group 'g': unknown program(s): nothere");
        StringAssert.Contains(r.Stdout, $"{path}:15: warning: unknown key 'autostrat' in [program:c] (ignored); did you mean 'autostart'?");
        StringAssert.EndsWith(r.Stdout, "5 errors, 1 warning\n");
    }

    [TestMethod]
    public void SampleConfigPassesCheckConfig()
    {
        var sample = Bin.Run("sample-config");
        Assert.AreEqual(0, sample.ExitCode);
        var path = Write(sample.Stdout);
        var r = Bin.RunIn("/", null, "check-config", "-c", path);
        Assert.AreEqual(0, r.ExitCode, r.Stdout);
        StringAssert.StartsWith(r.Stdout, "OK: 3 programs, 4 processes, 2 groups");
    }

    [TestMethod]
    public void JsonOutputParsesAndListsProgramsAndErrors()
    {
        var ok = Bin.Run("check-config", "--json", "-c", Write("[program:web]\ncommand = sleep 1\nnumprocs = 2\n"));
        Assert.AreEqual(0, ok.ExitCode, ok.Stdout);
        var doc = JsonDocument.Parse(ok.Stdout).RootElement;
        Assert.IsTrue(doc.GetProperty("ok").GetBoolean());
        var web = doc.GetProperty("programs")[0];
        Assert.AreEqual("web", web.GetProperty("name").GetString());
        Assert.AreEqual("web", web.GetProperty("group").GetString());
        Assert.AreEqual("sleep 1", web.GetProperty("command").GetString());
        CollectionAssert.AreEqual(new[] { "web:00", "web:01" }, web.GetProperty("processes").EnumerateArray().Select(p => p.GetString()).ToArray());

        var path = Write(FiveMistakes);
        var bad = Bin.Run("check-config", "--json", "-c", path);
        Assert.AreEqual(1, bad.ExitCode);
        var badDoc = JsonDocument.Parse(bad.Stdout).RootElement;
        Assert.IsFalse(badDoc.GetProperty("ok").GetBoolean());
        Assert.AreEqual(5, badDoc.GetProperty("errors").GetArrayLength());
        var first = badDoc.GetProperty("errors")[0];
        Assert.AreEqual(path, first.GetProperty("file").GetString());
        Assert.AreEqual(6, first.GetProperty("line").GetInt32());
        Assert.AreEqual(1, badDoc.GetProperty("warnings").GetArrayLength());
    }

    [TestMethod]
    public void MissingConfigFileExits2()
    {
        var r = Bin.Run("check-config", "-c", "/nonexistent/supervice.conf");
        Assert.AreEqual(2, r.ExitCode);
        StringAssert.Contains(r.Stderr, "Config file not found: /nonexistent/supervice.conf");
    }

    [TestMethod]
    public void NoDiscoverableConfigExits2NamingEveryPathTried()
    {
        var r = NoSystemConfig.Unless() is { } reason ? Skip(reason) : NoSystemConfig.Run(Fixtures.TempDir(), "check-config");
        Assert.AreEqual(2, r.ExitCode);
        foreach (var p in new[] { "supervice.conf", "supervisord.conf", "/etc/supervice/supervice.conf", "/etc/supervisor/supervisord.conf" })
            StringAssert.Contains(r.Stderr, p);
    }

    private static Bin.Result Skip(string reason)
    {
        Assert.Inconclusive(reason);
        return null!;
    }

    [TestMethod]
    public void BadEnvArgumentExits2()
    {
        var r = Bin.Run("check-config", "-c", Write("[program:a]\ncommand=sleep 1\n"), "--env", "NOEQUALS");
        Assert.AreEqual(2, r.ExitCode);
        StringAssert.Contains(r.Stderr, "--env expects KEY=VALUE, got 'NOEQUALS'");
    }

    [TestMethod]
    public void RepeatedEnvArgumentsAllFeedExpansion()
    {
        var path = Write("[program:a]\ncommand=%(ENV_ONE)s %(ENV_TWO)s\n");
        var r = Bin.Run("check-config", "--json", "-c", path, "--env", "ONE=/bin/echo", "--env", "TWO=hi");
        Assert.AreEqual(0, r.ExitCode, r.Stdout);
        Assert.AreEqual("/bin/echo hi", JsonDocument.Parse(r.Stdout).RootElement.GetProperty("programs")[0].GetProperty("command").GetString());
    }

    [TestMethod]
    public void UnsetEnvVariableIsAnError()
    {
        var path = Write("[program:a]\ncommand=%(ENV_SUPERVICE_SURELY_UNSET)s\n");
        var r = Bin.Run("check-config", "-c", path);
        Assert.AreEqual(1, r.ExitCode);
        StringAssert.Contains(r.Stdout, $"{path}:2: error: Program 'a': command: environment variable SUPERVICE_SURELY_UNSET is not set");
    }

    [TestMethod]
    public void DebianStockConfigLoadsWithWarningsOnly()
    {
        var r = Bin.Run("check-config", "--portable", "--json", "-c", Fixtures.File("debian", "supervisord.conf"));
        Assert.AreEqual(0, r.ExitCode, r.Stdout);
        var doc = JsonDocument.Parse(r.Stdout).RootElement;
        Assert.AreEqual(0, doc.GetProperty("errors").GetArrayLength());
        var warnings = doc.GetProperty("warnings").EnumerateArray().Select(w => w.GetProperty("message").GetString()!).ToList();
        // supervisord's own XML-RPC interface is served built in (SPEC §12.2): its stock section is no longer a warning.
        Assert.IsFalse(warnings.Any(w => w.Contains("rpcinterface")), string.Join("\n", warnings));
        Assert.AreEqual("app", doc.GetProperty("programs")[0].GetProperty("name").GetString());
    }
}
