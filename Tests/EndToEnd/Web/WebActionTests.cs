using System.Text.Json;

namespace Supervice.Tests.EndToEnd.Web;

/// <summary>SPEC §12.3: actions are POSTs that carry the page's token; a GET never changes anything.</summary>
[TestClass]
public class WebActionTests
{
    private const string Programs = "[program:web]\ncommand = /bin/sh -c 'echo hello-from-web; exec sleep 1000'\nstartsecs = 0\n";

    [TestMethod]
    public void APostWithoutTheTokenIsRefusedAndChangesNothing()
    {
        using var d = new Daemon(Programs);
        d.WaitState("web", "RUNNING");
        int pid = d.PidOf("web");
        using var c = WebKit.Client(d);
        // What a cross-site form can send: a form body, the other site's Origin, no custom header.
        var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["x"] = "1" });
        var (status, body) = WebKit.Post(c, "/api/v1/processes/web/stop", null, new Dictionary<string, string> { ["Origin"] = "http://evil.example" }, form);
        Assert.AreEqual(403, status, body);
        Assert.Contains("X-Supervice-Token", body);
        (status, body) = WebKit.Post(c, "/api/v1/processes/web/stop", "0123456789abcdef");
        Assert.AreEqual(403, status, body);
        (status, _) = WebKit.Post(c, "/api/v1/reload", null);
        Assert.AreEqual(403, status);
        Assert.AreEqual("RUNNING", d.State("web"));
        Assert.AreEqual(pid, d.PidOf("web"));

        var token = WebKit.PageToken(c);
        (status, body) = WebKit.Post(c, "/api/v1/processes/web/stop", token);
        Assert.AreEqual(200, status, body);
        Assert.AreEqual("Stopped web", JsonDocument.Parse(body).RootElement.GetProperty("message").GetString());
        Assert.AreEqual("STOPPED", d.State("web"));
        (status, body) = WebKit.Post(c, "/api/v1/processes/web/start", token);
        Assert.AreEqual(200, status, body);
        Assert.AreEqual("RUNNING", d.State("web"));
        (status, body) = WebKit.Post(c, "/api/v1/processes/nope/start", token);
        Assert.AreEqual(404, status, body);
        (status, body) = WebKit.Post(c, "/api/v1/processes/web/signal?signal=NOPE", token);
        Assert.AreEqual(400, status, body);
        Assert.Contains("Unknown signal: NOPE", body);
    }

    [TestMethod]
    public void TheApiRootListsEveryResourceAndEachListedGetAnswers()
    {
        using var d = new Daemon(Programs);
        d.WaitState("web", "RUNNING");
        using var c = WebKit.Client(d);
        foreach (var root in new[] { "/api/v1", "/api/v1/" })
        {
            var (status, body) = WebKit.Get(c, root);
            Assert.AreEqual(200, status, body);
            var doc = JsonDocument.Parse(body).RootElement;
            Assert.AreEqual("ok", doc.GetProperty("status").GetString());
            var resources = doc.GetProperty("resources").EnumerateArray().ToList();
            var listed = resources.Select(r => $"{r.GetProperty("method").GetString()} {r.GetProperty("path").GetString()}").ToList();
            foreach (var must in new[] { "GET /api/v1/processes", "GET /api/v1/processes/{name}", "GET /api/v1/processes/{name}/log", "GET /api/v1/log",
                         "GET /api/v1/events", "GET /api/v1/token", "POST /api/v1/processes/{name}/start", "POST /api/v1/processes/{name}/stop",
                         "POST /api/v1/processes/{name}/restart", "POST /api/v1/processes/{name}/signal", "POST /api/v1/reload" })
                CollectionAssert.Contains(listed, must, body);
            Assert.IsTrue(resources.All(r => r.GetProperty("about").GetString() is { Length: > 0 }), body);
            foreach (var r in resources.Where(r => r.GetProperty("method").GetString() == "GET" && !r.GetProperty("path").GetString()!.EndsWith("/events")))
            {
                var path = r.GetProperty("path").GetString()!.Replace("{name}", "web");
                Assert.AreEqual(200, WebKit.Get(c, path).Status, path);
            }
        }
        Assert.AreEqual(405, WebKit.Post(c, "/api/v1", WebKit.PageToken(c)).Status);
        Assert.AreEqual("RUNNING", d.State("web"));
    }

    [TestMethod]
    public void GetsAreSideEffectFree()
    {
        using var d = new Daemon(Programs);
        d.WaitState("web", "RUNNING");
        int pid = d.PidOf("web");
        using var c = WebKit.Client(d);
        foreach (var action in new[] { "start", "stop", "restart", "signal?signal=TERM" })
        {
            var (status, body) = WebKit.Get(c, $"/api/v1/processes/web/{action}");
            Assert.AreEqual(405, status, $"{action}: {body}");
        }
        Assert.AreEqual(405, WebKit.Get(c, "/api/v1/reload").Status);
        foreach (var url in new[] { "/", "/metrics", "/readyz", "/healthz", "/api/v1/processes", "/api/v1/processes?stats=1", "/api/v1/processes/web",
                     "/api/v1/processes/web/log", "/api/v1/processes/web/log?stream=stderr", "/api/v1/log", "/api/v1/token" })
            Assert.AreEqual(200, WebKit.Get(c, url).Status, url);
        Assert.AreEqual("RUNNING", d.State("web"));
        Assert.AreEqual(pid, d.PidOf("web"));
        var daemon = WebKit.StatusJson(d, "--stats").GetProperty("daemon");
        Assert.AreEqual(1, daemon.GetProperty("spawns_total").GetInt64(), "a GET spawned something");
        Assert.DoesNotContain("   at ", d.Log);
    }

    [TestMethod]
    public void TheApiAnswersWithCtlsJsonAndTheLog()
    {
        using var d = new Daemon(Programs);
        d.WaitState("web", "RUNNING");
        using var c = WebKit.Client(d);
        var (status, body) = WebKit.Get(c, "/api/v1/processes/web");
        Assert.AreEqual(200, status);
        var api = JsonDocument.Parse(body).RootElement.GetProperty("processes")[0];
        var ctl = WebKit.StatusJson(d, "web").GetProperty("processes")[0];
        Assert.AreEqual(ctl.GetProperty("name").GetString(), api.GetProperty("name").GetString());
        Assert.AreEqual(ctl.GetProperty("state").GetString(), api.GetProperty("state").GetString());
        Assert.AreEqual(ctl.GetProperty("pid").GetInt32(), api.GetProperty("pid").GetInt32());
        Assert.AreEqual(404, WebKit.Get(c, "/api/v1/processes/nope").Status);
        Wait.Until(() => WebKit.Get(c, "/api/v1/processes/web/log").Body.Contains("hello-from-web"), 10, "the program's line in its log");
    }
}
