using System.Text;
using Supervice.Core.Native.Streams;
using Supervice.Core.Output;
using Supervice.Tests.EndToEnd;

namespace Supervice.Tests.Unit.Core.Output;

[TestClass]
public class ConsoleLineWriterTests
{
    /// <summary>Collects what would go to the daemon's stdout; writes are whole calls, recorded in order.</summary>
    private sealed class Capture : WriteOnlyStream
    {
        private readonly List<byte[]> _writes = new();
        public override void Write(ReadOnlySpan<byte> data) { lock (_writes) _writes.Add(data.ToArray()); }
        public string Text { get { lock (_writes) return string.Concat(_writes.Select(w => Encoding.UTF8.GetString(w))); } }
        public int Writes { get { lock (_writes) return _writes.Count; } }
    }

    [TestMethod]
    public void WholeLinesGetThePrefixAndAPartialLineWaits()
    {
        var out_ = new Capture();
        using var w = new ConsoleLineWriter("web", out_);
        w.Write("one\ntw"u8);
        Assert.AreEqual("web | one\n", out_.Text);
        w.Write("o\nthree\n"u8);
        Assert.AreEqual("web | one\nweb | two\nweb | three\n", out_.Text);
    }

    [TestMethod]
    public void APartialLineIsFlushedWithinASecondOrAt64KiB()
    {
        var out_ = new Capture();
        using var w = new ConsoleLineWriter("web", out_);
        w.Write("no newline yet"u8);
        Assert.AreEqual("", out_.Text);
        Wait.Until(() => out_.Text == "web | no newline yet\n", 10, "the timer to flush the partial line");
        w.Write(Encoding.ASCII.GetBytes(new string('x', ConsoleLineWriter.MaxPendingBytes + 10)));
        StringAssert.StartsWith(out_.Text, "web | no newline yet\nweb | " + new string('x', ConsoleLineWriter.MaxPendingBytes) + "\n");
    }

    [TestMethod]
    public void DisposeFlushesWhatWaits()
    {
        var out_ = new Capture();
        var w = new ConsoleLineWriter("db", out_);
        w.Write("last words"u8);
        w.Dispose();
        Assert.AreEqual("db | last words\n", out_.Text);
        w.Write("after\n"u8);
        Assert.AreEqual("db | last words\n", out_.Text, "nothing is written after Dispose");
    }

    /// <summary>Two streams writing long lines at once through the shared console: no line holds bytes of both.</summary>
    [TestMethod]
    public void ConcurrentStreamsNeverMixInsideALine()
    {
        var out_ = new Capture();
        using var a = new ConsoleLineWriter("a", out_);
        using var b = new ConsoleLineWriter("b", out_);
        var lineA = Encoding.ASCII.GetBytes(new string('A', 3000) + "\n");
        var lineB = Encoding.ASCII.GetBytes(new string('B', 3000) + "\n");
        void Pump(ConsoleLineWriter w, byte[] line)
        {
            for (int i = 0; i < 300; i++)
                for (int at = 0; at < line.Length; at += 700) w.Write(line.AsSpan(at, Math.Min(700, line.Length - at)));
        }
        Task.WaitAll(Task.Run(() => Pump(a, lineA)), Task.Run(() => Pump(b, lineB)));
        var lines = out_.Text.Split('\n')[..^1];
        Assert.AreEqual(600, lines.Length);
        Assert.AreEqual(300, lines.Count(l => l == "a | " + new string('A', 3000)));
        Assert.AreEqual(300, lines.Count(l => l == "b | " + new string('B', 3000)));
    }
}
