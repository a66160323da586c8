using System.Text;
using Supervice.Rpc.XmlRpc;

namespace Supervice.Tests.Unit.Rpc.XmlRpc;

/// <summary>Responses a Python client parses: escaped strings, structs, arrays, faults; characters XML cannot carry replaced.</summary>
[TestClass]
public class XmlRpcWriterTests
{
    private static string Write(object v) => Encoding.UTF8.GetString(XmlRpcWriter.Response(v));

    [TestMethod]
    public void FaultIsAStructOfCodeAndString()
    {
        var xml = Write(XmlRpcFault.Of(FaultCodes.BadName, "foo"));
        StringAssert.Contains(xml, "<fault>");
        StringAssert.Contains(xml, "<name>faultCode</name>\n<value><int>10</int></value>");
        StringAssert.Contains(xml, "<value><string>BAD_NAME: foo</string></value>");
    }

    [TestMethod]
    public void ControlCharactersAndMarkupAreSafe()
    {
        var xml = Write("a<b>&c\u0001\u0007\r\n\ud800z");
        StringAssert.Contains(xml, "<string>a&lt;b&gt;&amp;c\uFFFD\uFFFD&#13;\n\uFFFDz</string>");
    }

    [TestMethod]
    public void NestedValuesRoundTripThroughTheReader()
    {
        var value = new List<object> { true, 3, "x", new Dictionary<string, object> { ["k"] = new List<object> { 1, 2 } } };
        var body = Write(value).Replace("methodResponse", "methodCall").Replace("<params>", "<methodName>x.y</methodName><params>");
        var call = XmlRpcReader.Parse(Encoding.UTF8.GetBytes(body), out var error);
        Assert.IsNotNull(call, error);
        var back = (List<object>)call.Params[0];
        Assert.AreEqual(true, back[0]);
        Assert.AreEqual(3, back[1]);
        CollectionAssert.AreEqual(new object[] { 1, 2 }, (List<object>)((Dictionary<string, object>)back[3])["k"]);
    }
}
