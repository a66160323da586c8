using System.Text;
using Supervice.Rpc.XmlRpc;

namespace Supervice.Tests.Unit.Rpc.XmlRpc;

/// <summary>The strict XML-RPC reader: what Python's xmlrpc.client sends, and nothing that XML could smuggle in.</summary>
[TestClass]
public class XmlRpcReaderTests
{
    private static XmlRpcCall? Parse(string xml, out string? error) => XmlRpcReader.Parse(Encoding.UTF8.GetBytes(xml), out error);

    private static XmlRpcCall Ok(string xml) => Parse(xml, out var e) ?? throw new AssertFailedException($"refused: {e}");

    [TestMethod]
    public void PythonClientCallIsRead()
    {
        var c = Ok("<?xml version='1.0'?>\n<methodCall>\n<methodName>supervisor.readProcessStdoutLog</methodName>\n<params>\n"
            + "<param>\n<value><string>web</string></value>\n</param>\n<param>\n<value><int>-1600</int></value>\n</param>\n"
            + "<param>\n<value><int>0</int></value>\n</param>\n</params>\n</methodCall>\n");
        Assert.AreEqual("supervisor.readProcessStdoutLog", c.Method);
        CollectionAssert.AreEqual(new object[] { "web", -1600, 0 }, c.Params);
    }

    [TestMethod]
    public void EveryValueTypeIsRead()
    {
        var c = Ok("<methodCall><methodName>m.x</methodName><params>"
            + "<param><value>bare &amp; &lt;text&gt; &#65;&#x42;</value></param>"
            + "<param><value><boolean>1</boolean></value></param>"
            + "<param><value><i4>7</i4></value></param>"
            + "<param><value><double>1.5</double></value></param>"
            + "<param><value><base64>aGk=</base64></value></param>"
            + "<param><value><array><data><value><int>1</int></value><value><string/></value></data></array></value></param>"
            + "<param><value><struct><member><name>k</name><value><string>v</string></value></member></struct></value></param>"
            + "<param><value/></param>"
            + "</params></methodCall>");
        Assert.AreEqual("bare & <text> AB", c.Params[0]);
        Assert.AreEqual(true, c.Params[1]);
        Assert.AreEqual(7, c.Params[2]);
        Assert.AreEqual(1.5, c.Params[3]);
        CollectionAssert.AreEqual("hi"u8.ToArray(), (byte[])c.Params[4]);
        CollectionAssert.AreEqual(new object[] { 1, "" }, (List<object>)c.Params[5]);
        Assert.AreEqual("v", ((Dictionary<string, object>)c.Params[6])["k"]);
        Assert.AreEqual("", c.Params[7]);
    }

    [TestMethod]
    public void CallWithoutParamsIsRead() => Assert.AreEqual(0, Ok("<methodCall><methodName>supervisor.getState</methodName></methodCall>").Params.Count);

    [TestMethod]
    [DataRow("<!DOCTYPE x [<!ENTITY a \"b\">]><methodCall><methodName>&a;</methodName></methodCall>", "DTD")]
    [DataRow("<methodCall><methodName>&xxe;</methodName></methodCall>", "entities")]
    [DataRow("<methodCall><methodName><![CDATA[x]]></methodName></methodCall>", "")]
    [DataRow("<methodCall a='1'><methodName>x.y</methodName></methodCall>", "")]
    [DataRow("<methodCall><methodName>x.y</methodName></methodCall><extra/>", "after")]
    [DataRow("<methodCall><methodName>x.y</methodName><params><param><value><int>99999999999</int></value></param></params></methodCall>", "")]
    [DataRow("<methodCall><methodName>x.y</methodName><params><param><value><foo>1</foo></value></param></params></methodCall>", "unknown value type")]
    [DataRow("<methodCall><methodName>  </methodName></methodCall>", "empty method")]
    [DataRow("", "empty")]
    [DataRow("<methodCall><methodName>x.y</methodName><params><param><value><string>&#0;</string></value></param></params></methodCall>", "reference")]
    [DataRow("<?xml version='1.0'?><?evil x?><methodCall><methodName>x.y</methodName></methodCall>", "processing")]
    public void ForbiddenOrMalformedXmlIsRefused(string xml, string because)
    {
        Assert.IsNull(Parse(xml, out var error));
        Assert.IsNotNull(error);
        StringAssert.Contains(error, because);
    }

    [TestMethod]
    public void DepthOver32IsRefusedAndNoStackIsBlown()
    {
        string Nest(int n) => string.Concat(Enumerable.Repeat("<value><array><data>", n)) + string.Concat(Enumerable.Repeat("</data></array></value>", n));
        Assert.IsNotNull(Parse($"<methodCall><methodName>x.y</methodName><params><param>{Nest(31)}</param></params></methodCall>", out _));
        Assert.IsNull(Parse($"<methodCall><methodName>x.y</methodName><params><param>{Nest(33)}</param></params></methodCall>", out var e));
        StringAssert.Contains(e, "deeper than 32");
        Assert.IsNull(Parse($"<methodCall><methodName>x.y</methodName><params><param>{Nest(100_000)}</param></params></methodCall>", out _));
    }

    [TestMethod]
    public void InvalidUtf8IsRefused() => Assert.IsNull(XmlRpcReader.Parse([.. "<methodCall><methodName>"u8, 0xff, 0xfe, .. "</methodName></methodCall>"u8], out _));
}
