using System.Text;
using System.Text.RegularExpressions;
using Supervice.Core.Output;

namespace Supervice.Tests.Unit.Core.Output;

[TestClass]
public class LineStamperTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 10, 4, 5, 123, TimeSpan.FromHours(1));

    private static (LineStamper Stamper, Func<string, string> Feed, Action<int> Advance) Make()
    {
        var now = T0;
        var s = new LineStamper(() => now);
        return (s, text => Encoding.UTF8.GetString(s.Stamp(Encoding.UTF8.GetBytes(text))), ms => now = now.AddMilliseconds(ms));
    }

    [TestMethod]
    public void EveryLineStartsWithTheIsoTimeWithMillisecondsAndOffset()
    {
        var (_, feed, _) = Make();
        Assert.AreEqual("2026-12-02T10:04:05.123+01:00 one\n2026-12-02T10:04:05.123+01:00 two\n", feed("one\ntwo\n"));
    }

    [TestMethod]
    public void ALineSplitAcrossReadsIsStampedOnceAtItsFirstByte()
    {
        var (_, feed, advance) = Make();
        var text = feed("ab");
        advance(400);
        text += feed("c\nd");
        advance(1);
        text += feed("\n");
        Assert.AreEqual("2026-12-02T10:04:05.123+01:00 abc\n2026-12-02T10:04:05.523+01:00 d\n", text);
    }

    [TestMethod]
    public void EmptyLinesAndANewlineAtTheEndOfAReadAreHandled()
    {
        var (_, feed, _) = Make();
        Assert.AreEqual("2026-12-02T10:04:05.123+01:00 \n2026-12-02T10:04:05.123+01:00 \n", feed("\n\n"));
        Assert.AreEqual("", feed(""));
        Assert.AreEqual("2026-12-02T10:04:05.123+01:00 x", feed("x"));
        Assert.AreEqual("y\n", feed("y\n"));
    }

    [TestMethod]
    public void RealClockStampHasTheDocumentedShape()
    {
        var s = new LineStamper();
        var text = Encoding.UTF8.GetString(s.Stamp("hello\n"u8));
        StringAssert.Matches(text, new Regex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d hello\n$"));
        Assert.AreEqual(LineStamper.StampLength + 6, Encoding.UTF8.GetByteCount(text));
    }

    [TestMethod]
    public void LargeReadsWithManyLinesKeepEveryByte()
    {
        var (_, feed, _) = Make();
        var input = string.Concat(Enumerable.Range(0, 5000).Select(i => $"line {i}\n"));
        var lines = feed(input).Split('\n')[..^1];
        Assert.AreEqual(5000, lines.Length);
        for (int i = 0; i < lines.Length; i++) Assert.AreEqual($"2026-12-02T10:04:05.123+01:00 line {i}", lines[i]);
    }
}
