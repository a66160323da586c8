using Supervice.Rpc.XmlRpc;
using Supervice.Tests.Unit.Rpc.Server;

namespace Supervice.Tests.Unit.Rpc.XmlRpc;

/// <summary>Method lookup as supervisord's traverse (CVE-2017-11610), parameter checks, multicall's shape, and
/// no .NET text in any fault.</summary>
[TestClass]
public class XmlRpcDispatcherTests
{
    private static object Call(string method, params object[] args) => Call(new FakeBackend(), method, args);

    private static object Call(FakeBackend backend, string method, params object[] args)
        => new XmlRpcDispatcher(backend).CallAsync(method, [.. args], CancellationToken.None).GetAwaiter().GetResult();

    [TestMethod]
    [DataRow("supervisor.supervisord.options.warnings.linecache.os.system")]
    [DataRow("supervisor._update")]
    [DataRow("nosuch.getState")]
    [DataRow("supervisor")]
    public void OnlyTwoPartPublicNamesAreMethods(string name) => Assert.AreEqual(XmlRpcFault.Of(FaultCodes.UnknownMethod), Call(name));

    [TestMethod]
    public void WrongParameterCountOrTypeIsIncorrectParameters()
    {
        Assert.AreEqual(XmlRpcFault.Of(FaultCodes.IncorrectParameters), Call("supervisor.getProcessInfo"));
        Assert.AreEqual(XmlRpcFault.Of(FaultCodes.IncorrectParameters), Call("supervisor.getProcessInfo", 3));
        Assert.AreEqual(XmlRpcFault.Of(FaultCodes.IncorrectParameters), Call("supervisor.getState", "x"));
    }

    [TestMethod]
    public void VersionIsThreePointZero() => Assert.AreEqual("3.0", Call("supervisor.getVersion"));

    [TestMethod]
    public void UnknownProcessIsBadNameWithItsName() => Assert.AreEqual(new XmlRpcFault(10, "BAD_NAME: nope"), Call("supervisor.getProcessInfo", "nope"));

    [TestMethod]
    public void ProcessInfoHasSupervisordsFields()
    {
        var info = (Dictionary<string, object>)Call("supervisor.getProcessInfo", "g:web");
        CollectionAssert.AreEquivalent(new[] { "name", "group", "start", "stop", "now", "state", "statename", "spawnerr", "exitstatus",
            "logfile", "stdout_logfile", "stderr_logfile", "pid", "description" }, info.Keys.ToArray());
        Assert.AreEqual((20, "RUNNING", 101, "g"), ((int)info["state"], (string)info["statename"], (int)info["pid"], (string)info["group"]));
    }

    [TestMethod]
    public void MulticallAnswersBareValuesAndFaultStructs()
    {
        var calls = new List<object>
        {
            new Dictionary<string, object> { ["methodName"] = "supervisor.getAPIVersion", ["params"] = new List<object>() },
            new Dictionary<string, object> { ["methodName"] = "supervisor.nope", ["params"] = new List<object>() },
            new Dictionary<string, object> { ["methodName"] = "system.multicall", ["params"] = new List<object>() },
        };
        var r = (List<object>)Call("system.multicall", calls);
        Assert.AreEqual("3.0", r[0]);
        Assert.AreEqual(1, ((Dictionary<string, object>)r[1])["faultCode"]);
        Assert.AreEqual("INCORRECT_PARAMETERS: Recursive system.multicall forbidden", ((Dictionary<string, object>)r[2])["faultString"]);
    }

    [TestMethod]
    public void BackendExceptionIsAFaultWithoutItsText()
    {
        var fault = (XmlRpcFault)Call(new FakeBackend { Throw = true }, "supervisor.getAllProcessInfo");
        Assert.AreEqual(FaultCodes.Failed, fault.Code);
        Assert.DoesNotContain("secret", fault.String);
        Assert.DoesNotContain("Exception", fault.String);
    }

    [TestMethod]
    public void IntrospectionListsEverySpecMethod()
    {
        var names = ((List<object>)Call("system.listMethods")).Cast<string>().ToList();
        foreach (var m in new[] { "getAPIVersion", "getVersion", "getSupervisorVersion", "getIdentification", "getState", "getPID", "readLog",
                     "clearLog", "shutdown", "restart", "getProcessInfo", "getAllProcessInfo", "startProcess", "startProcessGroup",
                     "startAllProcesses", "stopProcess", "stopProcessGroup", "stopAllProcesses", "signalProcess", "signalProcessGroup",
                     "signalAllProcesses", "readProcessStdoutLog", "readProcessStderrLog", "tailProcessStdoutLog", "tailProcessStderrLog",
                     "clearProcessLogs", "clearAllProcessLogs", "getAllConfigInfo", "reloadConfig", "addProcessGroup", "removeProcessGroup" })
            CollectionAssert.Contains(names, "supervisor." + m);
        CollectionAssert.AreEqual(new object[] { "boolean", "string", "boolean" }, (List<object>)Call("system.methodSignature", "supervisor.startProcess"));
        Assert.IsInstanceOfType<string>(Call("system.methodHelp", "supervisor.getState"));
    }

    private sealed class ShuttingDownBackend : Supervice.Rpc.Server.IRpcBackend
    {
        public ValueTask<Supervice.Rpc.Messages.RpcReply> HandleAsync(Supervice.Rpc.Messages.RpcRequest request, CancellationToken ct)
            => ValueTask.FromResult(Supervice.Rpc.Messages.RpcReply.Error("SHUTTING_DOWN", "The daemon is shutting down"));

        public async IAsyncEnumerable<Supervice.Rpc.Messages.RpcReply> StreamAsync(Supervice.Rpc.Messages.RpcRequest request, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
        {
            await Task.Yield();
            yield break;
        }
    }

    [TestMethod]
    public void ARefusalDuringShutdownIsShutdownState()
    {
        var d = new XmlRpcDispatcher(new ShuttingDownBackend());
        foreach (var (m, args) in new[] { ("supervisor.startProcess", new object[] { "web" }), ("supervisor.restart", []), ("supervisor.signalAllProcesses", ["HUP"]) })
            Assert.AreEqual(new XmlRpcFault(6, "SHUTDOWN_STATE"), d.CallAsync(m, [.. args], CancellationToken.None).GetAwaiter().GetResult(), m);
    }

    [TestMethod]
    public void UptimeIsWrittenAsPythonsTimedelta()
    {
        Assert.AreEqual("0:01:02", ProcessInfo.Uptime(62));
        Assert.AreEqual("1 day, 2:03:04", ProcessInfo.Uptime(86400 + 7384));
        Assert.AreEqual("3 days, 0:00:00", ProcessInfo.Uptime(3 * 86400));
    }
}
