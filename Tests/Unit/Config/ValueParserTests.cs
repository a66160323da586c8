using Supervice.Config;

namespace Supervice.Tests.Unit.Config;

[TestClass]
public class ValueParserTests
{
    [TestMethod]
    [DataRow("true", true), DataRow("YES", true), DataRow("on", true), DataRow("1", true)]
    [DataRow("false", false), DataRow("No", false), DataRow("OFF", false), DataRow("0", false)]
    public void BooleansAcceptTheSixWordsAndDigits(string text, bool expected) => Assert.AreEqual(expected, ValueParser.Bool(text));

    [TestMethod]
    [DataRow("ture"), DataRow("t"), DataRow("y"), DataRow("")]
    public void BooleanTyposAreRejected(string text) => Assert.IsNull(ValueParser.Bool(text));

    [TestMethod]
    [DataRow("1024", 1024L), DataRow("10KB", 10240L), DataRow("50MB", 52428800L), DataRow("1gb", 1073741824L), DataRow("0", 0L)]
    public void ByteSizesAcceptPowerOf1024Suffixes(string text, long expected) => Assert.AreEqual(expected, ValueParser.Bytes(text));

    [TestMethod]
    [DataRow("1.5MB"), DataRow("-1"), DataRow("10TB"), DataRow("abc")]
    public void BadByteSizesAreRejected(string text) => Assert.IsNull(ValueParser.Bytes(text));

    [TestMethod]
    [DataRow("12", 12), DataRow("+5", 5), DataRow("-1", -1)]
    public void IntegersArePlainDecimal(string text, int expected) => Assert.AreEqual(expected, ValueParser.Int(text));

    [TestMethod]
    [DataRow("1.5"), DataRow("abc"), DataRow(""), DataRow("1_000")]
    public void NonIntegersAreRejected(string text) => Assert.IsNull(ValueParser.Int(text));

    [TestMethod]
    public void OctalAcceptsLeadingZero() => Assert.AreEqual(18, ValueParser.Octal("022"));

    [TestMethod]
    public void OctalRejectsNonOctalDigits() => Assert.IsNull(ValueParser.Octal("089"));

    [TestMethod]
    [DataRow("TERM", 15), DataRow("sigterm", 15), DataRow("SIGKILL", 9), DataRow("hup", 1), DataRow("10", 10)]
    public void SignalsByNameWithOrWithoutSigAnyCaseOrNumber(string text, int expected) => Assert.AreEqual(expected, Signals.Parse(text));

    [TestMethod]
    public void UnknownSignalIsRejected() => Assert.IsNull(Signals.Parse("TERMINATE"));

    [TestMethod]
    public void ShellWordsHonourQuotesAndKeepHash()
    {
        CollectionAssert.AreEqual(new[] { "nginx", "-g", "daemon off;", "a#b", "it's" }, ShellWords.Split("nginx -g 'daemon off;' a#b \"it's\"", out _));
    }

    [TestMethod]
    public void ShellWordsReportUnclosedQuote()
    {
        Assert.IsNull(ShellWords.Split("echo 'oops", out var error));
        Assert.AreEqual("No closing quotation", error);
    }
}
