using Supervice.Rpc.Messages;
using Supervice.Rpc.Web;

namespace Supervice.Tests.Unit.Rpc.Web;

[TestClass]
public class WebTokenTests
{
    [TestMethod]
    public void OnlyTheExactTokenIsAccepted()
    {
        Assert.IsTrue(WebToken.Accepts(WebToken.Value));
        Assert.IsTrue(WebToken.Accepts(" " + WebToken.Value + " "), "header whitespace is not part of the value");
        Assert.IsFalse(WebToken.Accepts(null));
        Assert.IsFalse(WebToken.Accepts(""));
        Assert.IsFalse(WebToken.Accepts(WebToken.Value[..^1]));
        Assert.IsFalse(WebToken.Accepts(WebToken.Value + "0"));
        Assert.IsFalse(WebToken.Accepts(WebToken.Value.ToUpperInvariant()));
        Assert.AreEqual(48, WebToken.Value.Length);
    }

    [TestMethod]
    public void ThePageCarriesTheToken()
    {
        var page = System.Text.Encoding.UTF8.GetString(DashboardPage.Render("abc123"));
        StringAssert.Contains(page, "<meta name=\"supervice-token\" content=\"abc123\">");
        Assert.DoesNotContain("{{TOKEN}}", page);
        Assert.DoesNotContain("http://", page, "no external asset");
        Assert.DoesNotContain("https://", page, "no external asset");
    }

    [TestMethod]
    public void ActionRequestsAndStatuses()
    {
        var q = WebRoutes.Query("/x?signal=HUP&force=1");
        Assert.AreEqual(RpcCommand.Signal, WebRoutes.ActionRequest("signal", "web", q, out _)!.Command);
        Assert.IsTrue(WebRoutes.ActionRequest("restart", "web", q, out _)!.Force);
        Assert.IsNull(WebRoutes.ActionRequest("signal", "web", WebRoutes.Query("/x"), out var error));
        StringAssert.Contains(error, "?signal=");
        Assert.AreEqual(404, WebRoutes.StatusOf(RpcReply.NoSuchName(["x"])));
        Assert.AreEqual(503, WebRoutes.StatusOf(RpcReply.Error(RpcErrorCode.ShuttingDown, "x")));
        Assert.AreEqual(200, WebRoutes.StatusOf(RpcReply.Ok()));
    }
}
