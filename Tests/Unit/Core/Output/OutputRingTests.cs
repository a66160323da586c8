using System.Text;
using Supervice.Config.Model;
using Supervice.Core.Output;

namespace Supervice.Tests.Unit.Core.Output;

[TestClass]
public class OutputRingTests
{
    private static byte[] B(string s) => Encoding.UTF8.GetBytes(s);

    [TestMethod]
    public void TailLinesIgnoresTheFinalNewline()
    {
        var r = new OutputRing();
        r.Append(B("a\nb\nc\n"));
        Assert.AreEqual("b\nc\n", r.TailLines(2));
        Assert.AreEqual("a\nb\nc\n", r.TailLines(10));
    }

    [TestMethod]
    public void TailLinesIncludesAnUnterminatedLastLine()
    {
        var r = new OutputRing();
        r.Append(B("a\nb\nc"));
        Assert.AreEqual("b\nc", r.TailLines(2));
    }

    [TestMethod]
    public void RingKeepsOnlyTheLatestBytes()
    {
        var r = new OutputRing(16);
        r.Append(B("0123456789"));
        r.Append(B("abcdefghij"));
        Assert.AreEqual(20L, r.TotalBytes);
        Assert.AreEqual("456789abcdefghij", Encoding.UTF8.GetString(r.TailBytes(100)));
        Assert.AreEqual("hij", Encoding.UTF8.GetString(r.TailBytes(3)));
    }

    [TestMethod]
    public void AppendLargerThanTheRingKeepsItsTail()
    {
        var r = new OutputRing(8);
        r.Append(B("abc"));
        r.Append(B("0123456789ABCDEF"));
        Assert.AreEqual("89ABCDEF", Encoding.UTF8.GetString(r.TailBytes(8)));
        Assert.AreEqual(19L, r.TotalBytes);
    }

    [TestMethod]
    public void TryReadFromResumesAtTheOffset()
    {
        var r = new OutputRing();
        Assert.IsFalse(r.TryReadFrom(0, out _, out var next));
        Assert.AreEqual(0L, next);
        r.Append(B("hello "));
        Assert.IsTrue(r.TryReadFrom(next, out var bytes, out next));
        Assert.AreEqual("hello ", Encoding.UTF8.GetString(bytes));
        r.Append(B("world"));
        Assert.IsTrue(r.TryReadFrom(next, out bytes, out next));
        Assert.AreEqual("world", Encoding.UTF8.GetString(bytes));
        Assert.AreEqual(11L, next);
        Assert.IsFalse(r.TryReadFrom(next, out _, out _));
    }

    [TestMethod]
    public void TryReadFromAnOverwrittenOffsetStartsAtTheOldestByte()
    {
        var r = new OutputRing(4);
        r.Append(B("abcdefgh"));
        Assert.IsTrue(r.TryReadFrom(1, out var bytes, out var next));
        Assert.AreEqual("efgh", Encoding.UTF8.GetString(bytes));
        Assert.AreEqual(8L, next);
    }

    [TestMethod]
    public void SinkKeepsBytesInTheRingWhenTheFileFails()
    {
        var errors = new List<string>();
        using var sink = new OutputSink("web", "stdout", new LogSpec("/nonexistent-dir/web.log", 1000, 1)) { OnError = errors.Add };
        int woken = 0;
        sink.DataAppended += () => woken++;
        sink.Write(B("line 1\n"));
        sink.Write(B("line 2\n"));
        Assert.AreEqual("line 1\nline 2\n", sink.TailLines(5));
        Assert.AreEqual(2, woken);
        Assert.HasCount(1, errors);
        StringAssert.StartsWith(errors[0], "web stdout log: ");
        Assert.AreEqual(2L, sink.WriteErrors);
    }

    [TestMethod]
    public void SinkReconfigureSwitchesTheFile()
    {
        var dir = Fixtures.TempDir("sv-sink-");
        try
        {
            using var sink = new OutputSink("web", "stdout", new LogSpec(Path.Combine(dir, "a.log"), 0, 0));
            sink.Write(B("one\n"));
            sink.Reconfigure(new LogSpec(Path.Combine(dir, "b.log"), 0, 0));
            sink.Write(B("two\n"));
            Assert.AreEqual("one\n", File.ReadAllText(Path.Combine(dir, "a.log")));
            Assert.AreEqual("two\n", File.ReadAllText(Path.Combine(dir, "b.log")));
            Assert.AreEqual(8L, sink.TotalBytes);
        }
        finally { Directory.Delete(dir, true); }
    }
}
