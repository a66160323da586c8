using Supervice.Core.Output;

namespace Supervice.Tests.Unit.Core.Output;

[TestClass]
public class RotatingLogWriterTests
{
    private string _dir = "";

    [TestInitialize]
    public void Init() => _dir = Fixtures.TempDir("sv-rot-");

    [TestCleanup]
    public void Cleanup() => Directory.Delete(_dir, true);

    private string LogPath => Path.Combine(_dir, "x.log");

    [TestMethod]
    public void FiveWritesOf600WithMax1000KeepTwoBackups()
    {
        using var w = new RotatingLogWriter(LogPath, 1000, 2);
        for (int i = 0; i < 5; i++) w.Write(new byte[600]);
        Assert.IsTrue(File.Exists(LogPath));
        Assert.IsTrue(File.Exists(LogPath + ".1"));
        Assert.IsTrue(File.Exists(LogPath + ".2"));
        Assert.IsFalse(File.Exists(LogPath + ".3"));
        Assert.IsLessThanOrEqualTo(1000L, new FileInfo(LogPath).Length);
        Assert.AreEqual(0L, w.ErrorCount);
    }

    [TestMethod]
    public void ChunkIsSplitToFillTheFileExactly()
    {
        using var w = new RotatingLogWriter(LogPath, 1000, 3);
        w.Write(Bytes(600, 1));
        w.Write(Bytes(600, 2));
        Assert.AreEqual(1000L, new FileInfo(LogPath + ".1").Length);
        Assert.AreEqual(200L, new FileInfo(LogPath).Length);
        var all = File.ReadAllBytes(LogPath + ".1").Concat(File.ReadAllBytes(LogPath)).ToArray();
        CollectionAssert.AreEqual(Bytes(600, 1).Concat(Bytes(600, 2)).ToArray(), all);
    }

    [TestMethod]
    public void ExactFillDoesNotRotateUntilTheNextWrite()
    {
        using var w = new RotatingLogWriter(LogPath, 1000, 2);
        w.Write(new byte[1000]);
        Assert.IsFalse(File.Exists(LogPath + ".1"));
        Assert.AreEqual(1000L, new FileInfo(LogPath).Length);
        w.Write(new byte[1]);
        Assert.AreEqual(1000L, new FileInfo(LogPath + ".1").Length);
        Assert.AreEqual(1L, new FileInfo(LogPath).Length);
    }

    [TestMethod]
    public void BackupsZeroTruncatesTheLiveFile()
    {
        using var w = new RotatingLogWriter(LogPath, 1000, 0);
        for (int i = 0; i < 5; i++) w.Write(new byte[600]);
        Assert.IsFalse(File.Exists(LogPath + ".1"));
        Assert.AreEqual(1000L, new FileInfo(LogPath).Length); // 3000 bytes: two truncations, then exactly full
    }

    [TestMethod]
    public void MaxBytesZeroNeverRotates()
    {
        using var w = new RotatingLogWriter(LogPath, 0, 2);
        for (int i = 0; i < 10; i++) w.Write(new byte[600]);
        Assert.AreEqual(6000L, new FileInfo(LogPath).Length);
        Assert.IsFalse(File.Exists(LogPath + ".1"));
    }

    [TestMethod]
    public void ExistingFileIsAppendedAndItsSizeCounts()
    {
        File.WriteAllBytes(LogPath, new byte[900]);
        using var w = new RotatingLogWriter(LogPath, 1000, 1);
        w.Write(new byte[300]);
        Assert.AreEqual(1000L, new FileInfo(LogPath + ".1").Length);
        Assert.AreEqual(200L, new FileInfo(LogPath).Length);
    }

    [TestMethod]
    public void CharacterDeviceIsNeverRotated()
    {
        using var w = new RotatingLogWriter("/dev/null", 10, 2);
        for (int i = 0; i < 5; i++) w.Write(new byte[600]);
        Assert.AreEqual(0L, w.ErrorCount);
        Assert.IsFalse(File.Exists("/dev/null.1"));
    }

    [TestMethod]
    public void UnopenableFileIsReportedOnceAndCounted()
    {
        var messages = new List<string>();
        using var w = new RotatingLogWriter(Path.Combine(_dir, "missing-dir", "x.log"), 1000, 2) { OnError = messages.Add };
        for (int i = 0; i < 4; i++) w.Write(new byte[10]);
        Assert.HasCount(1, messages);
        StringAssert.Contains(messages[0], "missing-dir");
        Assert.AreEqual(4L, w.ErrorCount);
    }

    [TestMethod]
    public void FullDiskIsReportedOnceAndNeverThrows()
    {
        var messages = new List<string>();
        using var w = new RotatingLogWriter("/dev/full", 0, 0) { OnError = messages.Add };
        for (int i = 0; i < 3; i++) w.Write(new byte[10]);
        Assert.HasCount(1, messages);
        Assert.AreEqual(3L, w.ErrorCount);
    }

    [TestMethod]
    public void ReopenFollowsAnExternallyMovedFile()
    {
        using var w = new RotatingLogWriter(LogPath, 0, 0);
        w.Write(new byte[10]);
        File.Move(LogPath, LogPath + ".old");
        w.Reopen();
        w.Write(new byte[5]);
        Assert.AreEqual(5L, new FileInfo(LogPath).Length);
        Assert.AreEqual(10L, new FileInfo(LogPath + ".old").Length);
    }

    private static byte[] Bytes(int n, byte v) => Enumerable.Repeat(v, n).ToArray();
}
