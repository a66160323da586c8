using Supervice.Config;
using Supervice.Config.Ini;
using Supervice.Config.Model;

namespace Supervice.Tests.Unit.Config;

[TestClass]
public class IniReaderTests
{
    private static List<IniSection> Read(string text, out List<Diagnostic> diags)
    {
        diags = [];
        return IniReader.Read("f.conf", text, diags);
    }

    private static string Value(List<IniSection> s, string section, string key) =>
        s.Single(x => x.Name == section).TryGet(key, out var v) ? v.Value : throw new AssertFailedException($"no {key}");

    [TestMethod]
    public void EqualsAndColonSeparatorsBothWork()
    {
        var s = Read("[a]\nx = 1\ny: 2\n", out _);
        Assert.AreEqual("1", Value(s, "a", "x"));
        Assert.AreEqual("2", Value(s, "a", "y"));
    }

    [TestMethod]
    public void KeysAreCaseInsensitiveSectionNamesAreNot()
    {
        var s = Read("[Program:x]\nCOMMAND = a\n", out _);
        Assert.AreEqual("a", Value(s, "Program:x", "command"));
        Assert.IsFalse(s.Any(x => x.Name == "program:x"));
    }

    [TestMethod]
    public void FullLineCommentsAreSkipped()
    {
        var s = Read("# c\n[a]\n; c\nx = 1\n  # indented comment\n", out var d);
        Assert.AreEqual("1", Value(s, "a", "x"));
        Assert.AreEqual(0, d.Count);
    }

    [TestMethod]
    public void InlineCommentNeedsWhitespaceBefore()
    {
        var s = Read("[a] ; header comment\nx = /x.sock ; c\ny = a;b\nz = a#b\nw = v # c\n", out _);
        Assert.AreEqual("/x.sock", Value(s, "a", "x"));
        Assert.AreEqual("a;b", Value(s, "a", "y"));
        Assert.AreEqual("a#b", Value(s, "a", "z"));
        Assert.AreEqual("v", Value(s, "a", "w"));
    }

    [TestMethod]
    public void InlineCommentMarkerInsideQuotesOfCommandIsKept()
    {
        var s = Read("[a]\ncommand = nginx -g \"daemon off; #x\" ; real comment\nenvironment = A='x ;y'\nother = \"x ;y\"\n", out _);
        Assert.AreEqual("nginx -g \"daemon off; #x\"", Value(s, "a", "command"));
        Assert.AreEqual("A='x ;y'", Value(s, "a", "environment"));
        Assert.AreEqual("\"x", Value(s, "a", "other"));
    }

    [TestMethod]
    public void IndentedLinesContinueTheValueJoinedWithNewline()
    {
        var s = Read("[a]\ncommand = one\n    two\n\tthree\nnext = 1\n", out _);
        Assert.AreEqual("one\ntwo\nthree", Value(s, "a", "command"));
        Assert.AreEqual("1", Value(s, "a", "next"));
    }

    [TestMethod]
    public void CrlfAndNoFinalNewlineAreTolerated()
    {
        var s = Read("[a]\r\nx = 1\r\ny = 2", out var d);
        Assert.AreEqual("1", Value(s, "a", "x"));
        Assert.AreEqual("2", Value(s, "a", "y"));
        Assert.AreEqual(0, d.Count);
    }

    [TestMethod]
    public void TextBeforeFirstSectionIsAnError()
    {
        Read("x = 1\n[a]\n", out var d);
        Assert.AreEqual(Severity.Error, d.Single().Severity);
        Assert.AreEqual(1, d.Single().Line);
        StringAssert.Contains(d.Single().Message, "text before the first section header");
    }

    [TestMethod]
    public void BareKeyWithoutSeparatorIsAnError()
    {
        Read("[a]\nx = 1\nbare\n", out var d);
        Assert.AreEqual(3, d.Single().Line);
        StringAssert.Contains(d.Single().Message, "expected 'key = value' in section [a]: bare");
    }

    [TestMethod]
    public void EmptyValueIsTheEmptyString()
    {
        var s = Read("[a]\nx =\n", out _);
        Assert.AreEqual("", Value(s, "a", "x"));
    }

    [TestMethod]
    public void DuplicateKeyKeepsLastValueWithWarningNamingBothLines()
    {
        var s = Read("[a]\nx = 1\nx = 2\n", out var d);
        Assert.AreEqual("2", Value(s, "a", "x"));
        Assert.AreEqual(Severity.Warning, d.Single().Severity);
        Assert.AreEqual(3, d.Single().Line);
        StringAssert.Contains(d.Single().Message, "f.conf:2");
    }

    [TestMethod]
    public void EveryValueKeepsFileAndLine()
    {
        var s = Read("\n[a]\n\nx = 1\n", out _);
        Assert.IsTrue(s[0].TryGet("x", out var v));
        Assert.AreEqual(new SourceLocation("f.conf", 4), v.Location);
        Assert.AreEqual(2, s[0].Line);
    }
}
