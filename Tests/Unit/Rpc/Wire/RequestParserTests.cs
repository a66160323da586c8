using System.Text;
using Supervice.Rpc.Client;
using Supervice.Rpc.Messages;
using Supervice.Rpc.Wire;

namespace Supervice.Tests.Unit.Rpc.Wire;

[TestClass]
public class RequestParserTests
{
    private static ParsedRequest Parse(string json) => RequestParser.Parse(Encoding.UTF8.GetBytes(json));

    private static void AssertError(ParsedRequest p, string code, string message)
    {
        Assert.IsNull(p.Request);
        Assert.AreEqual(code, p.Error!.Code);
        Assert.AreEqual(message, p.Error.Message);
    }

    [TestMethod]
    public void EmptyPayloadIsEmptyRequest() => AssertError(RequestParser.Parse([]), "EMPTY_REQUEST", "Empty request");

    [TestMethod]
    public void InvalidUtf8IsInternalErrorNamingTheByte()
        => AssertError(RequestParser.Parse([0xff, 0x7b]), "INTERNAL_ERROR", "Request is not valid UTF-8: invalid byte 0xff in position 0");

    [TestMethod]
    public void GarbageIsInvalidJsonWithAPosition()
    {
        var p = Parse("{\"command\": ");
        Assert.AreEqual("INVALID_JSON", p.Error!.Code);
        StringAssert.StartsWith(p.Error.Message, "Invalid JSON: ");
        Assert.AreEqual("INVALID_JSON", Parse("hello").Error!.Code);
        Assert.AreEqual("INVALID_JSON", Parse("{} {}").Error!.Code);
    }

    [TestMethod]
    public void DeepNestingIsRejectedCleanly()
    {
        var deep = new string('[', 100_000) + new string(']', 100_000);
        AssertError(Parse(deep), "INVALID_JSON", "Invalid JSON: nested deeper than 64 levels");
        var deepField = "{\"command\":\"status\",\"x\":" + new string('[', 70) + new string(']', 70) + "}";
        Assert.AreEqual("INVALID_JSON", Parse(deepField).Error!.Code);
    }

    [TestMethod]
    public void NonObjectIsInvalidRequest()
    {
        AssertError(Parse("[1,2]"), "INVALID_REQUEST", "Request must be a JSON object");
        AssertError(Parse("\"status\""), "INVALID_REQUEST", "Request must be a JSON object");
    }

    [TestMethod]
    public void UnknownCommandQuotesTheValueAsTheOriginal()
    {
        AssertError(Parse("{}"), "UNKNOWN_COMMAND", "Unknown command: None");
        AssertError(Parse("{\"command\": null}"), "UNKNOWN_COMMAND", "Unknown command: None");
        AssertError(Parse("{\"command\": 5}"), "UNKNOWN_COMMAND", "Unknown command: 5");
        AssertError(Parse("{\"command\": \"frobnicate\"}"), "UNKNOWN_COMMAND", "Unknown command: frobnicate");
        AssertError(Parse("{\"command\": \"STATUS\"}"), "UNKNOWN_COMMAND", "Unknown command: STATUS");
    }

    [TestMethod]
    public void OriginalClientRequestsParse()
    {
        Assert.AreEqual(RpcCommand.Status, Parse("{\"command\": \"status\"}").Request!.Command);
        var start = Parse("{\"command\": \"start\", \"name\": \"web\"}").Request!;
        Assert.AreEqual(RpcCommand.Start, start.Command);
        CollectionAssert.AreEqual(new[] { "web" }, start.Names.ToArray());
        Assert.IsTrue(start.LegacyName);
        var restart = Parse("{\"command\": \"restart\", \"name\": \"web\", \"force\": true}").Request!;
        Assert.IsTrue(restart.Force);
        Assert.AreEqual(RpcCommand.Reload, Parse("{\"command\": \"reload\"}").Request!.Command);
        Assert.AreEqual(RpcCommand.StopGroup, Parse("{\"command\": \"stopgroup\", \"name\": \"g\"}").Request!.Command);
    }

    [TestMethod]
    public void UnknownFieldsAreIgnored()
        => Assert.IsNotNull(Parse("{\"command\": \"status\", \"extra\": {\"a\": [1]}}").Request);

    [TestMethod]
    public void NewFieldsParse()
    {
        var r = Parse("{\"command\":\"tail\",\"names\":[\"web\"],\"stream\":\"stderr\",\"lines\":5,\"follow\":true}").Request!;
        Assert.AreEqual(TailStream.Stderr, r.Stream);
        Assert.AreEqual(5, r.Lines);
        Assert.IsTrue(r.IsStreaming);
        Assert.IsFalse(r.LegacyName);
        Assert.AreEqual(15, Parse("{\"command\":\"signal\",\"names\":[\"web\"],\"signal\":\"SIGTERM\"}").Request!.Signal);
        Assert.AreEqual(1, Parse("{\"command\":\"signal\",\"names\":[\"web\"],\"signal\":\"hup\"}").Request!.Signal);
        Assert.AreEqual(9, Parse("{\"command\":\"signal\",\"names\":[\"web\"],\"signal\":9}").Request!.Signal);
        Assert.IsTrue(Parse("{\"command\":\"reload\",\"dry_run\":true}").Request!.DryRun);
    }

    [TestMethod]
    public void WrongTypesAreInvalidRequestNamingTheField()
    {
        AssertError(Parse("{\"command\":\"start\",\"name\":5}"), "INVALID_REQUEST", "Field 'name' must be a string");
        AssertError(Parse("{\"command\":\"start\",\"name\":[\"a\"]}"), "INVALID_REQUEST", "Field 'name' must be a string");
        AssertError(Parse("{\"command\":\"start\",\"names\":\"web\"}"), "INVALID_REQUEST", "Field 'names' must be an array of strings");
        AssertError(Parse("{\"command\":\"start\",\"names\":[1]}"), "INVALID_REQUEST", "Field 'names' must be an array of strings");
        AssertError(Parse("{\"command\":\"restart\",\"name\":\"w\",\"force\":\"yes\"}"), "INVALID_REQUEST", "Field 'force' must be true or false");
        AssertError(Parse("{\"command\":\"tail\",\"name\":\"w\",\"follow\":1}"), "INVALID_REQUEST", "Field 'follow' must be true or false");
        AssertError(Parse("{\"command\":\"reload\",\"dry_run\":\"no\"}"), "INVALID_REQUEST", "Field 'dry_run' must be true or false");
        AssertError(Parse("{\"command\":\"tail\",\"name\":\"w\",\"lines\":\"5\"}"), "INVALID_REQUEST", "Field 'lines' must be an integer from 0 to 100000");
        AssertError(Parse("{\"command\":\"tail\",\"name\":\"w\",\"lines\":-1}"), "INVALID_REQUEST", "Field 'lines' must be an integer from 0 to 100000");
        AssertError(Parse("{\"command\":\"tail\",\"name\":\"w\",\"lines\":1.5}"), "INVALID_REQUEST", "Field 'lines' must be an integer from 0 to 100000");
        AssertError(Parse("{\"command\":\"tail\",\"name\":\"w\",\"stream\":\"both\"}"), "INVALID_REQUEST", "Field 'stream' must be \"stdout\" or \"stderr\"");
        AssertError(Parse("{\"command\":\"signal\",\"name\":\"w\",\"signal\":\"FOO\"}"), "INVALID_REQUEST", "Unknown signal: FOO");
        AssertError(Parse("{\"command\":\"signal\",\"name\":\"w\",\"signal\":99}"), "INVALID_REQUEST", "Unknown signal: 99");
        AssertError(Parse("{\"command\":\"signal\",\"name\":\"w\",\"signal\":true}"), "INVALID_REQUEST", "Field 'signal' must be a signal name or number");
        AssertError(Parse("{\"command\":\"signal\",\"name\":\"w\"}"), "INVALID_REQUEST", "Field 'signal' is required");
    }

    [TestMethod]
    public void MissingNameGetsTheOriginalsCommandLevelError()
    {
        var p = Parse("{\"command\":\"start\"}");
        Assert.IsNull(p.Error!.Code);
        Assert.AreEqual("Process not found", p.Error.Message);
        Assert.AreEqual("Group not found", Parse("{\"command\":\"startgroup\"}").Error!.Message);
        Assert.IsNull(Parse("{\"command\":\"start\",\"name\":null}").Request);
    }

    [TestMethod]
    public void NameAndNamesAreMerged()
    {
        var r = Parse("{\"command\":\"stop\",\"name\":\"a\",\"names\":[\"b\",\"g:*\"]}").Request!;
        CollectionAssert.AreEqual(new[] { "a", "b", "g:*" }, r.Names.ToArray());
        Assert.IsFalse(r.LegacyName);
    }

    [TestMethod]
    public void WriterOutputParsesBackToTheSameRequest()
    {
        var req = new RpcRequest(RpcCommand.Tail) { Names = ["web"], Stream = TailStream.Stderr, Lines = 7, Follow = true };
        Assert.AreEqual(req, RequestParser.Parse(RequestWriter.Write(req)).Request! with { Names = req.Names });
        var sig = new RpcRequest(RpcCommand.Signal) { Names = ["a", "b"], Signal = 10 };
        var back = RequestParser.Parse(RequestWriter.Write(sig)).Request!;
        CollectionAssert.AreEqual(sig.Names.ToArray(), back.Names.ToArray());
        Assert.AreEqual(10, back.Signal);
    }
}
