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
        Assert.IsTrue(CgroupFile.Populated("populated 1\nfrozen 0\n"));
        Assert.IsFalse(CgroupFile.Populated("populated 0\nfrozen 0\n"));
        Assert.IsFalse(CgroupFile.Populated(null));
    }
}
