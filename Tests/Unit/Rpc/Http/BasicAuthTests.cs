using System.Text;
using Supervice.Rpc.Http;

namespace Supervice.Tests.Unit.Rpc.Http;

[TestClass]
public class BasicAuthTests
{
    private static string Header(string user, string pass) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{pass}"));

    [TestMethod]
    public void Sha1MatchesKnownVectors()
    {
        Assert.AreEqual("a9993e364706816aba3e25717850c26c9cd0d89d", Convert.ToHexStringLower(Sha1.Hash("abc"u8)));
        Assert.AreEqual("da39a3ee5e6b4b0d3255bfef95601890afd80709", Convert.ToHexStringLower(Sha1.Hash([])));
        Assert.AreEqual("84983e441c3bd26ebaae4aa1f95129e5e54670f1", Convert.ToHexStringLower(Sha1.Hash("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"u8)));
    }

    [TestMethod]
    public void PlainAndShaPasswordsAreAccepted()
    {
        Assert.IsTrue(new BasicAuth("user", "123").Accepts(Header("user", "123")));
        Assert.IsTrue(new BasicAuth("user", "{SHA}40bd001563085fc35165329ea1ff5c5ecbdbbeef").Accepts(Header("user", "123")));
    }

    [TestMethod]
    [DataRow(null)]
    [DataRow("Bearer x")]
    [DataRow("Basic !!!")]
    [DataRow("Basic dXNlcg==")]
    public void MissingOrMalformedCredentialsAreRefused(string? header) => Assert.IsFalse(new BasicAuth("user", "123").Accepts(header));

    [TestMethod]
    public void WrongUserOrPasswordIsRefused()
    {
        var auth = new BasicAuth("user", "123");
        Assert.IsFalse(auth.Accepts(Header("user", "124")));
        Assert.IsFalse(auth.Accepts(Header("usr", "123")));
    }
}
