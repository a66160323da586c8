namespace Supervice.Tests.EndToEnd.Compat;

/// <summary>`[inet_http_server]` with credentials: supervisorctl over TCP with the right password, the wrong one,
/// and none, against supervisord and against us (SPEC §12.1).</summary>
[TestClass]
public class InetHttpServerCompatTests
{
    private const string Programs = """
        [inet_http_server]
        port = 127.0.0.1:PORT
        username = user
        password = {SHA}40bd001563085fc35165329ea1ff5c5ecbdbbeef

        [program:web]
        command = /bin/sleep 1000
        startsecs = 0
        """;

    [TestMethod]
    public void SupervisorctlOverTcpWithBasicAuthMatches()
    {
        using var twins = new TwinDaemons(Programs);
        twins.WaitBoth("web", "RUNNING");
        foreach (var (user, pass) in new[] { ("user", "123"), ("user", "wrong"), ("", ""), ("other", "123") })
        {
            Bin.Result Run(TwinDaemons.Side side) => Supervisorctl.Run(["-s", $"http://127.0.0.1:{side.Port}", .. (user.Length > 0 ? new[] { "-u", user, "-p", pass } : []), "status"]);
            var theirs = Run(twins.Theirs);
            var ours = Run(twins.Ours);
            twins.AssertSame(["status", $"as '{user}'"], "-s http://", theirs, ours);
            if (pass == "wrong") StringAssert.Contains(ours.Stdout, "Server requires authentication");
            if (pass == "123" && user == "user") StringAssert.Contains(ours.Stdout, "web                              RUNNING");
        }
        var log = File.ReadAllText(Path.Combine(twins.Ours.Dir, "supervisord.log"));
        Assert.AreEqual(1, System.Text.RegularExpressions.Regex.Matches(log, "wrong or missing credentials").Count, log);
    }

    [TestMethod]
    public void EveryAddressWithoutCredentialsIsRefusedAtStartUp()
    {
        var dir = Fixtures.TempDir("supervice-inet-");
        var conf = Path.Combine(dir, "supervisord.conf");
        File.WriteAllText(conf, TwinDaemons.Config(dir, "[inet_http_server]\nport = *:9001\n\n[program:web]\ncommand = /bin/sleep 1000\n"));
        var r = Bin.Run("daemon", "-n", "-c", conf);
        Assert.AreEqual(1, r.ExitCode, r.Stdout + r.Stderr);
        StringAssert.Contains(r.Stdout + r.Stderr, "listens beyond this host without credentials");
        Directory.Delete(dir, true);
    }
}
