using Supervice.Rpc.Ctl;

namespace Supervice.Tests.Unit.Rpc.Ctl;

/// <summary>ctl still finds the socket of a config the loader rejects, through the config's own INI reader.</summary>
[TestClass]
public class ConfigSocketScanTests
{
    private static string? Scan(string text)
    {
        var dir = Fixtures.TempDir("scan-");
        try
        {
            var file = Path.Combine(dir, "broken.conf");
            File.WriteAllText(file, text);
            return ConfigSocketScan.Read(file)?.Replace(dir, "HERE");
        }
        finally { Directory.Delete(dir, true); }
    }

    [TestMethod]
    public void ServerUrlWinsOverSocketAndHttpFile()
        => Assert.AreEqual("/run/a.sock", Scan("[unix_http_server]\nfile=/run/c.sock\n[supervisord]\nsocket=/run/b.sock\n[supervisorctl]\nserverurl=unix:///run/a.sock ; comment\n[program:x]\nautostart=maybe\n"));

    [TestMethod]
    public void SocketThenHttpFileWithHereExpanded()
    {
        Assert.AreEqual("HERE/s.sock", Scan("[supervice]\nsocket = %(here)s/s.sock\n[program:x]\nnumprocs=zero\n"));
        Assert.AreEqual("/run/c.sock", Scan("[unix_http_server]\nfile=/run/c.sock ; the file\n[supervisorctl]\nserverurl=http://127.0.0.1:9001\n"));
    }

    [TestMethod]
    public void NothingSetIsNull() => Assert.IsNull(Scan("[program:x]\ncommand=sleep 1\n"));
}
