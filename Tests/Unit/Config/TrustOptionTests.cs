using static Supervice.Tests.Unit.Config.ConfigTestHelper;

namespace Supervice.Tests.Unit.Config;

/// <summary>Config rules of SPEC §13: `socket_owner` names a user and group that exist (FILE:LINE errors, warnings with
/// --portable); `AUTO` logs go to childlogdir, by default a private directory beside the daemon log, never /tmp.</summary>
[TestClass]
public class TrustOptionTests
{
    [TestMethod]
    public void UnknownSocketOwnerUserIsAnErrorWithItsLine()
    {
        var r = Load("[supervice]\nsocket_owner = no-such-user-xyz\n");
        CollectionAssert.AreEqual(new[] { "2: socket_owner 'no-such-user-xyz': user 'no-such-user-xyz' does not exist" }, Errors(r));
    }

    [TestMethod]
    public void UnknownSocketOwnerGroupIsAnErrorWithItsLine()
    {
        var r = Load("[supervice]\n\nsocket_owner = root:no-such-group-xyz\n");
        CollectionAssert.AreEqual(new[] { "3: socket_owner 'root:no-such-group-xyz': group 'no-such-group-xyz' does not exist" }, Errors(r));
    }

    [TestMethod]
    public void UnknownChownOfUnixHttpServerIsAnError()
    {
        var r = Load("[unix_http_server]\nfile = /tmp/x.sock\nchown = nobody:no-such-group-xyz\n");
        CollectionAssert.AreEqual(new[] { "3: chown 'nobody:no-such-group-xyz': group 'no-such-group-xyz' does not exist" }, Errors(r));
    }

    [TestMethod]
    public void SocketOwnerWithoutAUserIsAnError()
        => CollectionAssert.AreEqual(new[] { "2: socket_owner ':root' names no user (expected user or user:group)" }, Errors(Load("[supervice]\nsocket_owner = :root\n")));

    [TestMethod]
    public void UnknownSocketOwnerIsAWarningWhenPortable()
    {
        var r = Load("[supervice]\nsocket_owner = no-such-user-xyz\n", portable: true);
        Assert.IsTrue(r.Ok);
        CollectionAssert.Contains(Warnings(r), "2: socket_owner 'no-such-user-xyz': user 'no-such-user-xyz' does not exist");
    }

    [TestMethod]
    public void ExistingSocketOwnerIsFine()
    {
        Assert.AreEqual("root:root", Ok("[supervice]\nsocket_owner = root:root\n").Supervisor.SocketOwner);
        Assert.AreEqual("0:0", Ok("[supervice]\nsocket_owner = 0:0\n").Supervisor.SocketOwner);
    }

    [TestMethod]
    public void AutoLogsDefaultToAPrivateDirectoryBesideTheDaemonLog()
    {
        var m = Ok("[supervice]\nlogfile = /var/log/supervice.log\n[program:web]\ncommand = x\nstdout_logfile = AUTO\n");
        Assert.AreEqual("/var/log/supervice-childlogs", m.Supervisor.AutoLogDir);
        Assert.IsTrue(m.Supervisor.AutoLogDirIsDefault);
        Assert.AreEqual("/var/log/supervice-childlogs/web-stdout.log", m.Processes.Single().Stdout.Path);
    }

    [TestMethod]
    public void AutoLogsWithoutALogFileGoBesideTheWorkingDirectoryLogNotTmp()
    {
        var m = Ok("[program:web]\ncommand = x\nstderr_logfile = AUTO\n");
        var path = m.Processes.Single().Stderr.Path!;
        Assert.IsFalse(path.StartsWith(Path.GetTempPath() + "web", StringComparison.Ordinal), path);
        Assert.AreEqual(Path.Combine(Path.GetDirectoryName(m.Path)!, "supervice-childlogs", "web-stderr.log"), path);
    }

    [TestMethod]
    public void ConfiguredChildLogDirIsUsedAsIs()
    {
        var m = Ok("[supervice]\nchildlogdir = /var/log\n[program:web]\ncommand = x\nstdout_logfile = AUTO\n");
        Assert.AreEqual("/var/log/web-stdout.log", m.Processes.Single().Stdout.Path);
        Assert.IsFalse(m.Supervisor.AutoLogDirIsDefault);
    }
}
