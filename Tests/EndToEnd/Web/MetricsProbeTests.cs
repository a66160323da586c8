using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace Supervice.Tests.EndToEnd.Web;

/// <summary>SPEC §12.4: /metrics in Prometheus text 0.0.4 matching `ctl status --json --stats`, /readyz 503 → 200,
/// and the live event stream of the dashboard.</summary>
[TestClass]
public class MetricsProbeTests
{
    private static readonly Regex Sample = new(@"^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([a-zA-Z_][a-zA-Z0-9_]*=""(\\.|[^""\\])*"")(,[a-zA-Z_][a-zA-Z0-9_]*=""(\\.|[^""\\])*"")*\})? (-?[0-9.eE+-]+|NaN|[+-]Inf)$");
    private static readonly Regex Comment = new(@"^# (HELP [a-zA-Z_:][a-zA-Z0-9_:]* .*|TYPE [a-zA-Z_:][a-zA-Z0-9_:]* (counter|gauge|histogram|summary|untyped))$");

    [TestMethod]
    public void MetricsParseAndMatchCtlStatus()
    {
        using var d = new Daemon("[program:web]\ncommand = /bin/sh -c 'exec sleep 1000'\nstartsecs = 0\n" +
                                 "[program:once]\ncommand = /bin/sh -c 'exit 3'\nstartsecs = 0\nautorestart = false\nexitcodes = 3\n" +
                                 "[program:off]\ncommand = sleep 1000\nautostart = false\n");
        d.WaitState("web", "RUNNING");
        d.WaitState("once", "EXITED");
        using var c = WebKit.Client(d);
        using var r = c.GetAsync("/metrics").GetAwaiter().GetResult();
        Assert.AreEqual("text/plain; version=0.0.4; charset=utf-8", r.Content.Headers.ContentType!.ToString().Replace("\"", ""));
        var text = r.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        var values = new Dictionary<string, double>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith('#')) { Assert.IsTrue(Comment.IsMatch(line), $"bad comment line: {line}"); continue; }
            var m = Sample.Match(line);
            Assert.IsTrue(m.Success, $"bad sample line: {line}");
            int space = line.LastIndexOf(' ');
            values[line[..space]] = double.Parse(line[(space + 1)..], CultureInfo.InvariantCulture);
        }
        var json = WebKit.StatusJson(d, "--stats");
        foreach (var p in json.GetProperty("processes").EnumerateArray())
        {
            var labels = $"{{name=\"{p.GetProperty("name").GetString()}\",group=\"{p.GetProperty("group").GetString()}\"}}";
            int code = p.GetProperty("state").GetString() switch { "RUNNING" => 20, "EXITED" => 100, "STOPPED" => 0, var s => throw new AssertFailedException(s ?? "no state") };
            Assert.AreEqual(code, values["supervice_process_state" + labels], labels);
            Assert.AreEqual(p.GetProperty("pid").ValueKind == System.Text.Json.JsonValueKind.Number ? 1 : 0, values["supervice_process_up" + labels], labels);
            Assert.AreEqual(p.GetProperty("restarts").GetInt64(), values["supervice_process_restarts_total" + labels], labels);
            Assert.AreEqual(p.TryGetProperty("exit_code", out var e) ? e.GetInt32() : 0, values["supervice_process_last_exit_code" + labels], labels);
            Assert.AreEqual(p.GetProperty("start_time").GetDouble(), values["supervice_process_start_time_seconds" + labels], 0.001, labels);
        }
        Assert.AreEqual(3, values["supervice_process_last_exit_code{name=\"once\",group=\"once\"}"]);
        Assert.IsGreaterThan(0, values["supervice_process_resident_memory_bytes{name=\"web\",group=\"web\"}"], "RSS of a live sleep");
        Assert.AreEqual(0, values["supervice_process_resident_memory_bytes{name=\"off\",group=\"off\"}"]);
        Assert.AreEqual(2, values["supervice_spawns_total"]);
        Assert.AreEqual(0, values["supervice_log_write_errors_total"]);
        Assert.AreEqual(json.GetProperty("daemon").GetProperty("start_time").GetDouble(), values["supervice_daemon_start_time_seconds"], 0.001);
        Assert.IsTrue(values.Keys.Any(k => k.StartsWith("supervice_build_info{version=\"", StringComparison.Ordinal)), text);
        foreach (var family in new[] { "up", "state", "healthy", "start_time_seconds", "restarts_total", "last_exit_code", "cpu_seconds_total", "resident_memory_bytes" })
            Assert.IsTrue(values.ContainsKey($"supervice_process_{family}{{name=\"web\",group=\"web\"}}"), family);
    }

    [TestMethod]
    public void ReadyzFlipsFrom503To200AndHealthzAnswers()
    {
        using var d = new Daemon("[program:slow]\ncommand = sleep 1000\nstartsecs = 3\n[program:quick]\ncommand = sleep 1000\nstartsecs = 0\n" +
                                 "[program:manual]\ncommand = sleep 1000\nautostart = false\n");
        using var c = WebKit.Client(d);
        var (status, body) = WebKit.Get(c, "/readyz");
        Assert.AreEqual("STARTING", d.State("slow"), "slow left STARTING before the first probe");
        Assert.AreEqual(503, status, body);
        StringAssert.Contains(body, "slow STARTING");
        Assert.DoesNotContain("quick", body);
        Assert.DoesNotContain("manual", body, "a process without autostart does not count");
        Assert.AreEqual(200, WebKit.Get(c, "/healthz").Status);
        Wait.Until(() => WebKit.Get(c, "/readyz").Status == 200, 15, "/readyz to answer 200 once slow is RUNNING");
        Assert.AreEqual("RUNNING", d.State("slow"));
    }

    [TestMethod]
    public void TheEventStreamSendsAStatusNowAndAfterAChange()
    {
        using var d = new Daemon("[program:web]\ncommand = sleep 1000\nstartsecs = 0\n");
        d.WaitState("web", "RUNNING");
        using var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        s.Connect(new UnixDomainSocketEndPoint(d.Socket));
        s.Send("GET /api/v1/events HTTP/1.1\r\nHost: x\r\n\r\n"u8);
        s.ReceiveTimeout = 15000;
        var got = new StringBuilder();
        var buf = new byte[65536];
        bool Read(string what)
        {
            while (!got.ToString().Contains(what))
            {
                int n = s.Receive(buf);
                if (n <= 0) return false;
                got.Append(Encoding.UTF8.GetString(buf, 0, n));
            }
            return true;
        }
        Assert.IsTrue(Read("\"state\":\"RUNNING\""), got.ToString());
        StringAssert.Contains(got.ToString(), "Content-Type: text/event-stream");
        StringAssert.Contains(got.ToString(), "event: status\ndata: {");
        got.Clear();
        Assert.AreEqual(0, d.Ctl("stop", "web").ExitCode);
        Assert.IsTrue(Read("\"state\":\"STOPPED\""), got.ToString());
    }
}
