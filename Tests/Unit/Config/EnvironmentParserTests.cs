using Supervice.Config;

namespace Supervice.Tests.Unit.Config;

/// <summary>The original's environment algorithm (seed §1.6) and env_file format (§1.7), case by case.</summary>
[TestClass]
public class EnvironmentParserTests
{
    private static string Parse(string text) => string.Join(" ", EnvironmentParser.Parse(text).Select(kv => $"[{kv.Key}]=[{kv.Value}]"));

    [TestMethod] public void QuotedValueKeepsCommas() => Assert.AreEqual("[FOO]=[a,b] [BAR]=[baz] [EMPTY]=[]", Parse("FOO=\"a,b\", BAR=baz, EMPTY="));
    [TestMethod] public void QuotedValueKeepsInnerSpaces() => Assert.AreEqual("[A]=[  spaced  ]", Parse("A = \"  spaced  \""));
    [TestMethod] public void ValueMayContainEquals() => Assert.AreEqual("[A]=[x=y]", Parse("A=x=y"));
    [TestMethod] public void LaterDuplicateWins() => Assert.AreEqual("[A]=[2]", Parse("A=1,A=2"));
    [TestMethod] public void DoubleCommaMakesCommaPartOfNextKey() => Assert.AreEqual("[A]=[1] [,B]=[2]", Parse("A=1,,B=2"));
    [TestMethod] public void TextAfterClosingQuoteIsDropped() => Assert.AreEqual("[A]=[q]", Parse("A=\"q\"\"r\""));
    [TestMethod] public void TrailingPairWithoutEqualsIsIgnored() => Assert.AreEqual("[A]=[1]", Parse("A=1,B"));
    [TestMethod] public void MultiLineValuesWork() => Assert.AreEqual("[A]=[1] [B]=[2]", Parse("A=1,\n B=2"));
    [TestMethod] public void SingleQuotesWork() => Assert.AreEqual("[P]=[$PYTHONPATH:x]", Parse("P='$PYTHONPATH:x'"));
    [TestMethod] public void UnterminatedQuoteTakesTheRest() => Assert.AreEqual("[A]=[abc, B=1]", Parse("A=\"abc, B=1"));
    [TestMethod] public void KeysAreCasePreserved() => Assert.AreEqual("[Path]=[x]", Parse("Path=x"));

    [TestMethod]
    public void EnvFileSkipsCommentsAndBlankLinesAndStripsMatchingQuotes()
    {
        var list = EnvironmentParser.ParseFile("e", "# c\n\nA=1\n B = \"two words\" \nC='x'\nD=\"x'\nE=\n", out var error);
        Assert.IsNull(error);
        Assert.AreEqual("A=1 B=two words C=x D=\"x' E=", string.Join(" ", list.Select(kv => $"{kv.Key}={kv.Value}")));
    }

    [TestMethod]
    public void EnvFileLineWithoutEqualsIsMalformedAtItsLine()
    {
        EnvironmentParser.ParseFile("/e.env", "A=1\nexport B\n", out var error);
        Assert.IsNotNull(error);
        Assert.AreEqual(2, error.Line);
        Assert.AreEqual("malformed env line (expected KEY=VALUE)", error.Message);
    }

    [TestMethod]
    public void EnvFileEmptyKeyIsMalformed()
    {
        EnvironmentParser.ParseFile("/e.env", "=v\n", out var error);
        Assert.AreEqual(1, error!.Line);
    }
}
