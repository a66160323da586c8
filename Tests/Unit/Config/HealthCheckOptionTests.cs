using static Supervice.Tests.Unit.Config.ConfigTestHelper;
using Supervice.Config.Model;

namespace Supervice.Tests.Unit.Config;

[TestClass]
public class HealthCheckOptionTests
{
    [TestMethod]
    public void TcpCheckReadsEveryOption()
    {
        var h = Only("[program:a]\ncommand=x\nhealthcheck_type=TCP\nhealthcheck_port=8080\nhealthcheck_host=::1\nhealthcheck_interval=5\nhealthcheck_timeout=2\nhealthcheck_retries=4\nhealthcheck_start_period=1\n").HealthCheck;
        Assert.AreEqual(HealthCheckType.Tcp, h.Type);
        Assert.AreEqual((8080, "::1", 5, 2, 4, 1), (h.Port, h.Host, h.Interval, h.Timeout, h.Retries, h.StartPeriod));
    }

    [TestMethod]
    public void UnknownTypeIsAnError() => HasError(Load("[program:a]\ncommand=x\nhealthcheck_type=ping\n"), "3: Program 'a': invalid healthcheck_type 'ping' (expected one of: none, tcp, script, http)");

    [TestMethod]
    public void TcpNeedsAPort() => HasError(Load("[program:a]\ncommand=x\nhealthcheck_type=tcp\n"), "healthcheck_port is required for TCP health checks");

    [TestMethod]
    public void TcpPortMustBeInRange() => HasError(Load("[program:a]\ncommand=x\nhealthcheck_type=tcp\nhealthcheck_port=70000\n"), "healthcheck_port must be between 1 and 65535");

    [TestMethod]
    public void ScriptNeedsACommand() => HasError(Load("[program:a]\ncommand=x\nhealthcheck_type=script\n"), "healthcheck_command required for script checks");

    [TestMethod]
    public void IntervalMustBeAtLeastOne() => HasError(Load("[program:a]\ncommand=x\nhealthcheck_type=script\nhealthcheck_command=true\nhealthcheck_interval=0\n"), "healthcheck_interval must be at least 1");

    [TestMethod]
    public void HttpNeedsAUrl() => HasError(Load("[program:a]\ncommand=x\nhealthcheck_type=http\n"), "healthcheck_url is required for HTTP health checks");

    [TestMethod]
    public void HttpUrlMustBeHttp() => HasError(Load("[program:a]\ncommand=x\nhealthcheck_type=http\nhealthcheck_url=ftp://x/\n"), "invalid healthcheck_url 'ftp://x/' (expected http://host[:port]/path)");

    [TestMethod]
    public void HttpUrlIsKept() => Assert.AreEqual("http://localhost:8080/health", Only("[program:a]\ncommand=x\nhealthcheck_type=http\nhealthcheck_url=http://localhost:8080/health\n").HealthCheck.Url);

    [TestMethod]
    public void PortIsParsedEvenWhenTypeIsNone() => HasError(Load("[program:a]\ncommand=x\nhealthcheck_port=abc\n"), "invalid literal for int()");
}
