using System.Runtime.InteropServices;
using Supervice.Core.Native;

namespace Supervice.Tests.Unit.Core.Native;

/// <summary>The native structs have x86_64 glibc's layout (sizes and offsets as a C program printing sizeof/offsetof
/// against /usr/include reports them), and the helpers built on them read what the kernel wrote.</summary>
[TestClass]
public unsafe class LayoutOfStructsTests
{
    private static int Offset<T>(string field) => (int)Marshal.OffsetOf<T>(field);

    [TestMethod]
    public void SizesMatchTheCHeaders()
    {
        Assert.AreEqual(128, sizeof(Libc.SigInfo), "siginfo_t");
        Assert.AreEqual(144, sizeof(Libc.Stat), "struct stat");
        Assert.AreEqual(152, sizeof(Libc.SigAction), "struct sigaction");
        Assert.AreEqual(128, sizeof(Libc.SigSet), "sigset_t");
        Assert.AreEqual(12, sizeof(Libc.EpollEvent), "struct epoll_event");
        Assert.AreEqual(8, sizeof(Libc.PollFd), "struct pollfd");
        Assert.AreEqual(12, sizeof(Libc.UCred), "struct ucred");
        Assert.AreEqual(16, sizeof(Libc.CMsgHdr), "struct cmsghdr");
        Assert.AreEqual(110, sizeof(Libc.SockAddrUn), "struct sockaddr_un");
        Assert.AreEqual(16, sizeof(Libc.InotifyEvent), "struct inotify_event");
        Assert.AreEqual(16, sizeof(Libc.RLimit), "struct rlimit");
        Assert.AreEqual(48, sizeof(Libc.Passwd), "struct passwd");
        Assert.AreEqual(16, sizeof(Libc.IoVec), "struct iovec");
        Assert.AreEqual(56, sizeof(Libc.MsgHdr), "struct msghdr");
        Assert.AreEqual(Libc.Dirent64.NameOffset, sizeof(Libc.Dirent64), "linux_dirent64 up to d_name");
    }

    [TestMethod]
    public void OffsetsMatchTheCHeaders()
    {
        Assert.AreEqual(8, Offset<Libc.SigInfo>(nameof(Libc.SigInfo.Code)));
        Assert.AreEqual(16, Offset<Libc.SigInfo>(nameof(Libc.SigInfo.Pid)));
        Assert.AreEqual(24, Offset<Libc.SigInfo>(nameof(Libc.SigInfo.Status)));
        Assert.AreEqual(8, Offset<Libc.Stat>(nameof(Libc.Stat.Inode)));
        Assert.AreEqual(24, Offset<Libc.Stat>(nameof(Libc.Stat.Mode)));
        Assert.AreEqual(28, Offset<Libc.Stat>(nameof(Libc.Stat.Uid)));
        Assert.AreEqual(48, Offset<Libc.Stat>(nameof(Libc.Stat.Size)));
        Assert.AreEqual(88, Offset<Libc.Stat>(nameof(Libc.Stat.ModifySeconds)));
        Assert.AreEqual(8, Offset<Libc.SigAction>(nameof(Libc.SigAction.Mask)));
        Assert.AreEqual(136, Offset<Libc.SigAction>(nameof(Libc.SigAction.Flags)));
        Assert.AreEqual(144, Offset<Libc.SigAction>(nameof(Libc.SigAction.Restorer)));
        Assert.AreEqual(4, Offset<Libc.EpollEvent>(nameof(Libc.EpollEvent.Data)));
        Assert.AreEqual(8, Offset<Libc.CMsgHdr>(nameof(Libc.CMsgHdr.Level)));
        Assert.AreEqual(12, Offset<Libc.CMsgHdr>(nameof(Libc.CMsgHdr.Type)));
        Assert.AreEqual(Libc.SockAddrUn.PathOffset, Offset<Libc.SockAddrUn>(nameof(Libc.SockAddrUn.Path)));
        Assert.AreEqual(12, Offset<Libc.InotifyEvent>(nameof(Libc.InotifyEvent.Length)));
        Assert.AreEqual(16, Offset<Libc.Dirent64>(nameof(Libc.Dirent64.RecordLength)));
        Assert.AreEqual(18, Offset<Libc.Dirent64>(nameof(Libc.Dirent64.Type)));
        Assert.AreEqual(16, Offset<Libc.Passwd>(nameof(Libc.Passwd.Uid)));
        Assert.AreEqual(40, Offset<Libc.MsgHdr>(nameof(Libc.MsgHdr.ControlLength)));
        Assert.AreEqual(48, Offset<Libc.MsgHdr>(nameof(Libc.MsgHdr.Flags)));
    }

    [TestMethod]
    public void StatReadsWhatTheKernelWrote()
    {
        var dir = Fixtures.TempDir("supervice-stat-");
        try
        {
            var path = Path.Combine(dir, "f");
            File.WriteAllBytes(path, new byte[12345]);
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
            var byPath = Libc.LStat(path);
            Assert.IsNotNull(byPath);
            Assert.AreEqual(Libc.S_IFREG, byPath.Value.Type);
            Assert.AreEqual(0x1A0 /* 0640 */, byPath.Value.Permissions);
            Assert.AreEqual(12345L, byPath.Value.Size);
            Assert.AreEqual(Libc.geteuid(), byPath.Value.Uid);
            using var handle = File.OpenHandle(path);
            var byFd = Libc.StatFd((int)handle.DangerousGetHandle());
            Assert.AreEqual(byPath, byFd);
            Assert.AreEqual(Libc.S_IFDIR, Libc.LStat(dir)?.Type);
        }
        finally { Directory.Delete(dir, true); }
    }

    [TestMethod]
    public void WaitidFillsTheSigInfoFields()
    {
        int pid;
        using (var arena = new NativeArena())
        {
            var argv = arena.Array(["/bin/sh", "-c", "exit 7"]);
            var envp = arena.Array([]);
            int spawned;
            var plan = NativeSpawn.Plan(arena.String("/bin/sh"), argv, envp);
            Assert.AreEqual(0, NativeSpawn.Spawn(&plan, &spawned));
            Assert.AreEqual(0, plan.FailStage);
            pid = spawned;
        }
        var info = default(Libc.SigInfo);
        int rc;
        do rc = Libc.waitid(Libc.P_PID, pid, &info, Libc.WEXITED); while (Libc.Interrupted(rc));
        Assert.AreEqual(0, rc);
        Assert.AreEqual(pid, info.Pid);
        Assert.AreEqual(Libc.CLD_EXITED, info.Code);
        Assert.AreEqual(7, info.Status);
        Assert.AreEqual(Libc.getuid(), info.Uid);
    }

    [TestMethod]
    public void SigSetBitsAreTheKernelsNumbering()
    {
        var set = default(Libc.SigSet);
        set.Add(2);
        set.Add(64);
        set.Add(65);
        var words = new ReadOnlySpan<ulong>(&set, 16);
        Assert.AreEqual(1UL << 1, words[0] & (1UL << 1));
        Assert.AreEqual(1UL << 63, words[0] & (1UL << 63));
        Assert.AreEqual(1UL, words[1]);
        Assert.IsTrue(set.Contains(2) && set.Contains(64) && set.Contains(65));
        Assert.IsFalse(set.Contains(1) || set.Contains(3) || set.Contains(66));
    }

    [TestMethod]
    public void InterruptedMeansMinusOneWithEintr()
    {
        Marshal.SetLastPInvokeError(Libc.EINTR);
        Assert.IsTrue(Libc.Interrupted(-1));
        Assert.IsFalse(Libc.Interrupted(0));
        Assert.IsFalse(Libc.Interrupted(5));
        Marshal.SetLastPInvokeError(Libc.EAGAIN);
        Assert.IsFalse(Libc.Interrupted(-1));
    }
}
