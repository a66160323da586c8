using Supervice.Core.Output;

namespace Supervice.Tests.Unit.Core.Output;

/// <summary>SPEC §13 and defect 13 of issue 10 for child and daemon logs: never written through a symlink, a FIFO
/// refused at once instead of hanging open(), the daemon's own descriptors still reachable by their /dev names, and a
/// rotation that cannot rename keeps the output instead of dropping it.</summary>
[TestClass]
public class RotatingLogWriterTrustTests
{
    private string _dir = "";

    [TestInitialize]
    public void Init() => _dir = Fixtures.TempDir("sv-rottrust-");

    [TestCleanup]
    public void Cleanup() => Directory.Delete(_dir, true);

    private string LogPath => Path.Combine(_dir, "x.log");

    [TestMethod]
    public void FailedRotationKeepsWritingToTheLiveFileWarnsOnceAndRetriesAtTheNextThreshold()
    {
        Directory.CreateDirectory(LogPath + ".1"); // rename(x.log, x.log.1) fails: EISDIR
        File.WriteAllText(Path.Combine(LogPath + ".1", "keep"), "");
        var errors = new List<string>();
        using var w = new RotatingLogWriter(LogPath, 1000, 1) { OnError = errors.Add };
        for (int i = 0; i < 25; i++) w.Write(new byte[100]);
        Assert.AreEqual(2500L, new FileInfo(LogPath).Length, "every byte reached the live file");
        Assert.HasCount(1, errors, string.Join("\n", errors));
        StringAssert.Contains(errors[0], $"cannot rotate {LogPath}");
        StringAssert.Contains(errors[0], "still writing to it, next attempt at 2000 bytes");
        Assert.AreEqual(2L, w.ErrorCount, "attempts at 1000 and 2000 bytes, not one per write");

        Directory.Delete(LogPath + ".1", true);
        w.Write(new byte[600]); // reaches 3000: the retry works
        Assert.IsTrue(File.Exists(LogPath + ".1"));
        Assert.AreEqual(3000L, new FileInfo(LogPath + ".1").Length);
        Assert.AreEqual(100L, new FileInfo(LogPath).Length);
    }

    [TestMethod]
    public void SymlinkAtTheLogPathIsNotFollowed()
    {
        var victim = Path.Combine(_dir, "victim");
        File.WriteAllText(victim, "precious");
        File.CreateSymbolicLink(LogPath, victim);
        var errors = new List<string>();
        using var w = new RotatingLogWriter(LogPath, 0, 0) { OnError = errors.Add };
        w.Write("leak"u8);
        Assert.AreEqual("precious", File.ReadAllText(victim));
        Assert.AreEqual($"{LogPath} is a symbolic link; refusing to follow it", errors.Single());
    }

    [TestMethod]
    public void DanglingSymlinkIsNotCreatedThrough()
    {
        var target = Path.Combine(_dir, "created-through-link");
        File.CreateSymbolicLink(LogPath, target);
        using var w = new RotatingLogWriter(LogPath, 0, 0);
        w.Write("leak"u8);
        Assert.IsFalse(File.Exists(target));
        Assert.AreEqual(1L, w.ErrorCount);
    }

    [TestMethod]
    public void FifoWithoutReaderIsRefusedAtOnce()
    {
        Assert.AreEqual(0, Mkfifo(LogPath));
        var errors = new List<string>();
        using var w = new RotatingLogWriter(LogPath, 0, 0) { OnError = errors.Add };
        var write = Task.Run(() => w.Write("x"u8));
        Assert.IsTrue(write.Wait(TimeSpan.FromSeconds(30)), "open() of a FIFO hung");
        Assert.AreEqual($"{LogPath} is a FIFO, not a regular file; refusing to write to it", errors.Single());
    }

    [TestMethod]
    public void FifoWithAReaderIsRefusedToo()
    {
        Assert.AreEqual(0, Mkfifo(LogPath));
        using var reader = new FileStream(new Microsoft.Win32.SafeHandles.SafeFileHandle(OpenNonBlockingReader(LogPath), true), FileAccess.Read);
        var errors = new List<string>();
        using var w = new RotatingLogWriter(LogPath, 0, 0) { OnError = errors.Add };
        w.Write("x"u8);
        Assert.AreEqual($"{LogPath} is a FIFO, not a regular file; refusing to write to it", errors.Single());
    }

    [TestMethod]
    public void DevNullIsStillALogTarget()
    {
        using var w = new RotatingLogWriter("/dev/null", 10, 1);
        w.Write(new byte[100]);
        Assert.AreEqual(0L, w.ErrorCount);
    }

    [TestMethod]
    public void DevFdNamesTheDaemonsOwnDescriptor()
    {
        var file = Path.Combine(_dir, "own");
        using var own = File.Open(file, FileMode.Create, FileAccess.Write);
        var fd = (int)own.SafeFileHandle.DangerousGetHandle();
        using (var w = new RotatingLogWriter($"/dev/fd/{fd}", 0, 0))
        {
            w.Write("via fd"u8);
            Assert.AreEqual(0L, w.ErrorCount);
        }
        own.Flush();
        Assert.AreEqual("via fd", File.ReadAllText(file));
    }

    private static int Mkfifo(string path)
    {
        using var p = System.Diagnostics.Process.Start("mkfifo", [path])!;
        p.WaitForExit();
        return p.ExitCode;
    }

    private static unsafe nint OpenNonBlockingReader(string path)
    {
        fixed (byte* p = System.Text.Encoding.UTF8.GetBytes(path + "\0"))
            return Supervice.Core.Native.Libc.open(p, Supervice.Core.Native.Libc.O_RDONLY | Supervice.Core.Native.Libc.O_NONBLOCK | Supervice.Core.Native.Libc.O_CLOEXEC, 0);
    }
}
