using System.Text;
using Supervice.Rpc.Http;

namespace Supervice.Tests.Unit.Rpc.Http;

/// <summary>The HTTP/1.1 subset: request line, headers, Content-Length and chunked bodies, keep-alive, limits.</summary>
[TestClass]
public class HttpRequestReaderTests
{
    private static HttpParse Parse(string s) => HttpRequestReader.Parse(Encoding.Latin1.GetBytes(s));

    [TestMethod]
    public void PostWithContentLengthIsOneRequest()
    {
        var p = Parse("POST /RPC2 HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\n\r\nhelloEXTRA");
        Assert.IsNotNull(p.Request);
        Assert.AreEqual(("POST", "/RPC2", true, "hello"), (p.Request.Method, p.Request.Path, p.Request.Http11, Encoding.ASCII.GetString(p.Request.Body)));
        Assert.AreEqual("localhost", p.Request.Header("host"));
        Assert.AreEqual(p.Request.Body.Length + "POST /RPC2 HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\n\r\n".Length, p.Consumed);
    }

    [TestMethod]
    public void IncompleteHeadOrBodyAsksForMore()
    {
        Assert.IsTrue(Parse("GET / HTTP/1.1\r\nHost: x\r\n").NeedMore);
        Assert.IsTrue(Parse("POST /RPC2 HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc").NeedMore);
    }

    [TestMethod]
    public void ChunkedBodyIsJoined()
    {
        var p = Parse("POST /RPC2 HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2;x=y\r\nde\r\n0\r\n\r\n");
        Assert.AreEqual("abcde", Encoding.ASCII.GetString(p.Request!.Body));
        Assert.IsTrue(Parse("POST /RPC2 HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nab").NeedMore);
    }

    [TestMethod]
    public void KeepAliveFollowsTheVersionAndConnectionHeader()
    {
        Assert.IsTrue(Parse("GET / HTTP/1.1\r\n\r\n").Request!.KeepAlive);
        Assert.IsFalse(Parse("GET / HTTP/1.1\r\nConnection: close\r\n\r\n").Request!.KeepAlive);
        Assert.IsFalse(Parse("GET / HTTP/1.0\r\n\r\n").Request!.KeepAlive);
        Assert.IsTrue(Parse("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n").Request!.KeepAlive);
    }

    [TestMethod]
    [DataRow("GET /\r\n\r\n", 400)]
    [DataRow("GET / HTTP/2.0\r\n\r\n", 505)]
    [DataRow("PUT / HTTP/1.1\r\n\r\n", 501)]
    [DataRow("GET nope HTTP/1.1\r\n\r\n", 400)]
    [DataRow("GET / HTTP/1.1\r\nNoColon\r\n\r\n", 400)]
    [DataRow("GET / HTTP/1.1\r\n folded: x\r\n\r\n", 400)]
    [DataRow("GET / HTTP/1.1\r\nBad Name: x\r\n\r\n", 400)]
    [DataRow("POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n", 400)]
    [DataRow("POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", 400)]
    [DataRow("POST / HTTP/1.1\r\nContent-Length: 2000000\r\n\r\n", 413)]
    [DataRow("POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n", 501)]
    [DataRow("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n", 400)]
    [DataRow("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400)]
    [DataRow("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n200000\r\n", 413)]
    public void MalformedRequestIsAnErrorStatus(string request, int status)
    {
        var p = Parse(request);
        Assert.AreEqual(status, p.ErrorStatus, p.Error);
        Assert.IsNull(p.Request);
    }

    [TestMethod]
    public void HeadOver16KiBIs431EvenBeforeItEnds()
    {
        var big = "GET / HTTP/1.1\r\nX-Pad: " + new string('a', HttpRequestReader.MaxHeadBytes) + "\r\n";
        Assert.AreEqual(431, Parse(big).ErrorStatus);
        Assert.AreEqual(431, Parse(big + "\r\n").ErrorStatus);
    }
}
