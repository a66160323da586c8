using static Supervice.Tests.Unit.Config.ConfigTestHelper;

namespace Supervice.Tests.Unit.Config;

/// <summary>`[inet_http_server]` (SPEC §12.1): an address, credentials, and the CVE-2017-11610 rule.</summary>
[TestClass]
public class InetHttpServerTests
{
    private const string Program = "[program:a]\ncommand=x\n";

    [TestMethod]
    public void LoopbackWithoutCredentialsIsAccepted()
    {
        var inet = ConfigTestHelper.Ok("[inet_http_server]\nport=127.0.0.1:9001\n" + Program).Supervisor.InetHttpServer!;
        Assert.AreEqual(("127.0.0.1", 9001, (string?)null), (inet.Host, inet.Port, inet.Username));
    }

    [TestMethod]
    public void EveryAddressWithCredentialsIsAccepted()
    {
        var inet = ConfigTestHelper.Ok("[inet_http_server]\nport=*:9001\nusername=u\npassword={SHA}40bd001563085fc35165329ea1ff5c5ecbdbbeef\n" + Program).Supervisor.InetHttpServer!;
        Assert.AreEqual(("", 9001, "u"), (inet.Host, inet.Port, inet.Username));
        Assert.IsFalse(inet.IsLoopback);
    }

    [TestMethod]
    [DataRow("port=*:9001\n", "2: [inet_http_server] port '*:9001' listens beyond this host without credentials")]
    [DataRow("port=9001\nusername=u\n", "3: [inet_http_server] username and password must be set together")]
    [DataRow("port=0.0.0.0:9001\npassword=p\n", "3: [inet_http_server] username and password must be set together")]
    [DataRow("port=127.0.0.1:99999\n", "2: [inet_http_server] port '127.0.0.1:99999' is not HOST:PORT")]
    [DataRow("", "1: [inet_http_server] port is required")]
    [DataRow("port=127.0.0.1:9001\nusername=u\npassword={SHA}xyz\n", "4: [inet_http_server] a {SHA} password must be")]
    public void BadSectionIsAnErrorWithItsLine(string body, string message) => HasError(Load("[inet_http_server]\n" + body + Program), message);
}
