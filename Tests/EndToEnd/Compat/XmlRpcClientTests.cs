using System.Diagnostics;

namespace Supervice.Tests.EndToEnd.Compat;

/// <summary>Python's xmlrpc.client over a unix-socket transport, and supervisor's own SupervisorTransport (what
/// Ansible, Salt and the monitoring integrations use), against our daemon.</summary>
[TestClass]
public class XmlRpcClientTests
{
    private const string Script = """
        import http.client, json, socket, sys, xmlrpc.client
        class UnixConnection(http.client.HTTPConnection):
            def __init__(self, path):
                super().__init__('localhost')
                self.path = path
            def connect(self):
                self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                self.sock.connect(self.path)
        class UnixTransport(xmlrpc.client.Transport):
            def __init__(self, path):
                super().__init__()
                self.socket_path = path
            def make_connection(self, host):
                return UnixConnection(self.socket_path)
        if sys.argv[2] == 'stdlib':
            proxy = xmlrpc.client.ServerProxy('http://localhost', transport=UnixTransport(sys.argv[1]))
        else:
            from supervisor.xmlrpc import SupervisorTransport
            proxy = xmlrpc.client.ServerProxy('http://127.0.0.1', transport=SupervisorTransport(None, None, 'unix://' + sys.argv[1]))
        out = {}
        out['version'] = proxy.supervisor.getVersion()
        out['state'] = proxy.supervisor.getState()
        out['infos'] = proxy.supervisor.getAllProcessInfo()
        out['multi'] = proxy.system.multicall([
            {'methodName': 'supervisor.getPID', 'params': []},
            {'methodName': 'supervisor.getProcessInfo', 'params': ['nosuch']}])
        out['stop'] = proxy.supervisor.stopProcess('web')
        out['start'] = proxy.supervisor.startProcess('web', True)
        out['tail'] = proxy.supervisor.tailProcessStdoutLog('web', 0, 100)
        try:
            proxy.supervisor.startProcess('web')
        except xmlrpc.client.Fault as f:
            out['fault'] = [f.faultCode, f.faultString]
        try:
            proxy.supervisor.supervisord.options.warnings.linecache.os.system('id')
        except xmlrpc.client.Fault as f:
            out['cve'] = [f.faultCode, f.faultString]
        print(json.dumps(out))
        """;

    [TestMethod]
    [DataRow("stdlib")]
    [DataRow("supervisor")]
    public void PythonClientDrivesTheDaemon(string transport)
    {
        if (transport == "supervisor") Supervisorctl.RequireInstalled();
        using var d = new Daemon("[program:web]\ncommand = /bin/sh -c 'echo from-web; exec sleep 1000'\nstartsecs = 0\n");
        d.WaitState("web", "RUNNING");
        var psi = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-c", Script, d.Socket, transport }) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        Assert.IsTrue(p.WaitForExit(60_000), "the python client did not finish");
        Assert.AreEqual(0, p.ExitCode, stderr.Result + stdout.Result);
        using var doc = System.Text.Json.JsonDocument.Parse(stdout.Result);
        var o = doc.RootElement;
        Assert.AreEqual("3.0", o.GetProperty("version").GetString());
        Assert.AreEqual("RUNNING", o.GetProperty("state").GetProperty("statename").GetString());
        var web = o.GetProperty("infos")[0];
        Assert.AreEqual(("web", "web", 20), (web.GetProperty("name").GetString(), web.GetProperty("group").GetString(), web.GetProperty("state").GetInt32()));
        StringAssert.StartsWith(web.GetProperty("description").GetString(), "pid ");
        Assert.AreEqual(d.Pid, o.GetProperty("multi")[0].GetInt32());
        Assert.AreEqual(10, o.GetProperty("multi")[1].GetProperty("faultCode").GetInt32());
        Assert.IsTrue(o.GetProperty("stop").GetBoolean() && o.GetProperty("start").GetBoolean());
        StringAssert.Contains(o.GetProperty("tail")[0].GetString(), "from-web");
        Assert.AreEqual("[60, \"ALREADY_STARTED: web\"]", o.GetProperty("fault").GetRawText());
        Assert.AreEqual("[1, \"UNKNOWN_METHOD\"]", o.GetProperty("cve").GetRawText());
    }
}
