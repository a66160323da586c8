using System.Text;
using Supervice.Config.Model;
using Supervice.Core.Output;

namespace Supervice.Tests.Unit.Core.Output;

/// <summary>`tail -f` sends every byte once: a wake-up that finds nothing new sends nothing (0.5.0 resent the whole
/// 64 KiB ring then), and a character split between two writes arrives whole.</summary>
[TestClass]
public class OutputFollowerTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private static byte[] B(string s) => Encoding.UTF8.GetBytes(s);

    private static string Next(IAsyncEnumerator<string> follower)
    {
        var moved = follower.MoveNextAsync().AsTask();
        Assert.IsTrue(moved.Wait(Deadline), "the follower never produced its next chunk");
        Assert.IsTrue(moved.Result, "the follower ended");
        return follower.Current;
    }

    /// <summary>The race, made deterministic: the bytes of a write are read (woken by a later write) before that
    /// write's own wake-up reaches the follower, which then finds nothing new.</summary>
    [TestMethod]
    public async Task AWakeUpWithNothingNewSendsNothing()
    {
        using var sink = new OutputSink("web", "stdout", new LogSpec(null));
        bool armed = false;
        Task<bool>? pending = null;
        // Subscribed before the follower: runs between "1" being appended and the follower's wake-up for it.
        sink.DataAppended += () =>
        {
            if (!armed) return;
            armed = false;
            sink.Write(B("2\n")); // its wake-up reaches the follower first; it reads "1\n2\n"
            Assert.IsTrue(pending!.Wait(Deadline) && pending.Result, "the follower did not read");
        };
        using var stop = new CancellationTokenSource();
        var follower = OutputFollower.FollowAsync(sink, 20, stop.Token).GetAsyncEnumerator(stop.Token);
        try
        {
            Assert.AreEqual("", Next(follower));
            pending = follower.MoveNextAsync().AsTask();
            armed = true;
            sink.Write(B("1\n")); // returns once the follower has read both lines; then its wake-up for "1\n" arrives
            Assert.AreEqual("1\n2\n", follower.Current);
            var next = follower.MoveNextAsync().AsTask(); // the follower now takes that wake-up: nothing is new
            sink.Write(B("3\n"));
            Assert.IsTrue(next.Wait(Deadline) && next.Result);
            Assert.AreEqual("3\n", follower.Current, "a wake-up with nothing new resent the ring");
        }
        finally { await stop.CancelAsync(); await follower.DisposeAsync(); }
    }

    [TestMethod]
    public async Task EveryByteOfAFastWriterArrivesExactlyOnce()
    {
        using var sink = new OutputSink("web", "stdout", new LogSpec(null));
        using var stop = new CancellationTokenSource();
        var follower = OutputFollower.FollowAsync(sink, 20, stop.Token).GetAsyncEnumerator(stop.Token);
        var expected = new StringBuilder();
        for (int i = 0; i < 4000; i++) expected.Append(i.ToString("D5", System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
        expected.Append("done\n"); // 24 KB: less than the ring, so a slow follower loses nothing and a duplicate is the bug
        try
        {
            Assert.AreEqual("", Next(follower));
            var writer = new Thread(() =>
            {
                var text = expected.ToString();
                for (int at = 0; at < text.Length;)
                {
                    int end = text.IndexOf('\n', at) + 1;
                    sink.Write(B(text[at..end]));
                    at = end;
                    if (at % 7 == 0) Thread.Yield();
                }
            });
            writer.Start();
            var got = new StringBuilder();
            while (!got.ToString().EndsWith("done\n", StringComparison.Ordinal))
            {
                got.Append(Next(follower));
                Assert.IsTrue(got.Length <= expected.Length, $"the follower received more than was written ({got.Length} > {expected.Length} chars)");
            }
            writer.Join();
            Assert.AreEqual(expected.ToString(), got.ToString());
        }
        finally { await stop.CancelAsync(); await follower.DisposeAsync(); }
    }

    [TestMethod]
    public async Task ACharacterSplitBetweenWritesArrivesWhole()
    {
        using var sink = new OutputSink("web", "stdout", new LogSpec(null));
        using var stop = new CancellationTokenSource();
        var follower = OutputFollower.FollowAsync(sink, 20, stop.Token).GetAsyncEnumerator(stop.Token);
        try
        {
            Assert.AreEqual("", Next(follower));
            var bytes = B("é\n");
            sink.Write(bytes.AsSpan(0, 1));
            var got = new StringBuilder();
            var pending = follower.MoveNextAsync().AsTask();
            sink.Write(bytes.AsSpan(1));
            Assert.IsTrue(pending.Wait(Deadline) && pending.Result);
            got.Append(follower.Current);
            while (got.Length < 2) got.Append(Next(follower));
            Assert.AreEqual("é\n", got.ToString());
        }
        finally { await stop.CancelAsync(); await follower.DisposeAsync(); }
    }

    [TestMethod]
    public void TheBacklogAndTheOffsetAfterItAreOneSnapshot()
    {
        var ring = new OutputRing(16);
        ring.Append(B("0123456789\nabcdefghij\n"));
        var lines = ring.TailLineBytes(1, out var end);
        Assert.AreEqual("abcdefghij\n", Encoding.UTF8.GetString(lines));
        Assert.AreEqual(22L, end);
        Assert.IsFalse(ring.TryReadFrom(end, out _, out _));
        Assert.AreEqual(0, ring.TailLineBytes(0, out end).Length);
        Assert.AreEqual(22L, end);
    }
}
