using Supervice.Core.Trees;

namespace Supervice.Tests.Unit.Core.Trees;

/// <summary>The cgroup texts containment is decided from: mountinfo, /proc/self/cgroup, cgroup.events.</summary>
[TestClass]
public class CgroupTextTests
{
    [TestMethod]
    public void FindsTheCgroup2MountAmongV1Mounts()
    {
        const string mountinfo = """
            30 25 0:26 / /sys/fs/cgroup ro,nosuid - tmpfs tmpfs ro,mode=755
            31 30 0:27 / /sys/fs/cgroup/memory rw,relatime shared:9 - cgroup cgroup rw,memory
            35 30 0:31 / /sys/fs/cgroup/unified rw,relatime shared:13 - cgroup2 cgroup2 rw
            """;
        Assert.AreEqual("/sys/fs/cgroup/unified", CgroupRoot.Cgroup2Mount(mountinfo));
        Assert.IsNull(CgroupRoot.Cgroup2Mount("31 30 0:27 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n"));
        Assert.IsNull(CgroupRoot.Cgroup2Mount(null));
    }

    [TestMethod]
    public void ReadsTheV2LineOfProcSelfCgroup()
    {
        Assert.AreEqual("/", CgroupRoot.OwnCgroup("9:name=systemd:/\n4:memory:/x\n0::/\n"));
        Assert.AreEqual("/system.slice/supervice.service", CgroupRoot.OwnCgroup("0::/system.slice/supervice.service\n"));
        Assert.IsNull(CgroupRoot.OwnCgroup("4:memory:/x\n"));
    }

    [TestMethod]
    public void PopulatedComesFromCgroupEvents()
    {
        Assert.IsTrue(CgroupFile.Populated("populated 1\nfrozen 0\n"u8));
        Assert.IsFalse(CgroupFile.Populated("populated 0\nfrozen 0\n"u8));
        Assert.IsFalse(CgroupFile.Populated(""u8));
    }

    [TestMethod]
    public void PidsAreOnePerLineAndAnythingElseIsSkipped()
    {
        CollectionAssert.AreEqual(new List<int> { 12, 345, 6789 }, CgroupFile.ParsePids("12\n345\n6789\n"u8));
        CollectionAssert.AreEqual(new List<int> { 7 }, CgroupFile.ParsePids("7"u8));
        CollectionAssert.AreEqual(new List<int>(), CgroupFile.ParsePids(""u8));
        CollectionAssert.AreEqual(new List<int> { 1, 3 }, CgroupFile.ParsePids("1\nx2\n\n3\n4y\n"u8));
    }

    [TestMethod]
    public void PidsOfAGroupFileLongerThanOneReadAreAllThere()
    {
        var dir = Directory.CreateTempSubdirectory("svtest-procs-");
        try
        {
            var path = Path.Combine(dir.FullName, "cgroup.procs");
            var expected = Enumerable.Range(1_000_000, 5000).ToList(); // 40 KB: past the stack chunk and one array growth
            File.WriteAllText(path, string.Join("\n", expected) + "\n");
            CollectionAssert.AreEqual(expected, CgroupFile.Pids(path));
            Assert.AreEqual(0, CgroupFile.Pids(Path.Combine(dir.FullName, "missing")).Count);
        }
        finally { dir.Delete(true); }
    }

    [TestMethod]
    public void PopulatedIsReadFromTheEventsFile()
    {
        var dir = Directory.CreateTempSubdirectory("svtest-events-");
        try
        {
            var path = Path.Combine(dir.FullName, "cgroup.events");
            File.WriteAllText(path, "populated 1\nfrozen 0\n");
            Assert.IsTrue(CgroupFile.PopulatedFile(path));
            File.WriteAllText(path, "populated 0\nfrozen 0\n");
            Assert.IsFalse(CgroupFile.PopulatedFile(path));
            Assert.IsFalse(CgroupFile.PopulatedFile(Path.Combine(dir.FullName, "missing")), "an unreadable file counts as empty");
        }
        finally { dir.Delete(true); }
    }
}
