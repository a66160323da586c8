using System.Text;
using Supervice.Core.Native.Files;

namespace Supervice.Tests.Unit.Core.Native.Files;

/// <summary>KernelFile reads whole files of any size with raw reads, and says so when it cannot.</summary>
[TestClass]
public class KernelFileTests
{
    [TestMethod]
    public void ReadsProcFilesThatReportSizeZero()
    {
        var stat = KernelFile.ReadText("/proc/self/stat");
        Assert.IsNotNull(stat);
        StringAssert.StartsWith(stat, $"{Environment.ProcessId} (");
    }

    [TestMethod]
    public void ReadsEveryByteOfFilesAroundAndBeyondTheStackChunk()
    {
        var dir = Directory.CreateTempSubdirectory("svtest-kfile-");
        try
        {
            foreach (int size in new[] { 0, 1, 4095, 4096, 4097, 16384, 16385, 100_000 })
            {
                var path = Path.Combine(dir.FullName, $"f{size}");
                var text = new string(Enumerable.Range(0, size).Select(i => (char)('a' + i % 26)).ToArray());
                File.WriteAllText(path, text);
                Assert.AreEqual(text, KernelFile.ReadText(path), $"size {size}");
                Assert.IsTrue(KernelFile.Read(path, static b => b.Length, out var length));
                Assert.AreEqual(size, length, $"bytes of size {size}");
            }
        }
        finally { dir.Delete(true); }
    }

    [TestMethod]
    public void AMissingOrUnreadableFileIsNullAndParseIsNotCalled()
    {
        Assert.IsNull(KernelFile.ReadText("/nonexistent/svtest/file"));
        bool called = false;
        Assert.IsFalse(KernelFile.Read("/nonexistent/svtest/file", b => called = true, out _));
        Assert.IsFalse(called);
        Assert.IsNull(KernelFile.ReadText("/proc"), "a directory cannot be read");
        Assert.IsNull(KernelFile.ReadText("bad\0path"), "a NUL in the path is refused, not truncated");
    }

    [TestMethod]
    public void NonAsciiPathsAndContentsRoundTrip()
    {
        var dir = Directory.CreateTempSubdirectory("svtest-kfile-");
        try
        {
            var path = Path.Combine(dir.FullName, "é-ünï");
            File.WriteAllText(path, "grüße\n", new UTF8Encoding(false));
            Assert.AreEqual("grüße\n", KernelFile.ReadText(path));
        }
        finally { dir.Delete(true); }
    }
}
