namespace Supervice.Tests.EndToEnd;

/// <summary>The test kit's own guards: a pid that is not one child process never reaches kill(2), and a pid that
/// ctl could not give fails the test instead of becoming 0.</summary>
[TestClass]
public class TestKitTests
{
    [TestMethod]
    [DataRow(0)]  // kill(0, …): the caller's own process group — the test runner
    [DataRow(-1)] // kill(-1, …): every process we may signal
    [DataRow(1)]  // init
    [DataRow(-42)]
    public void KillRefusesPidsThatAreNotOneProcess(int pid)
        // Signal 0 only probes, so even without the guard this test harms nothing.
        => Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Proc.Kill(pid, 0));

    [TestMethod]
    public void KillRefusesTheTestHostItself()
        => Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Proc.Kill(Environment.ProcessId, 0));

    [TestMethod]
    public void PidOfFailsLoudlyWhenThereIsNoPidToGive()
    {
        using var d = new Daemon("[program:up]\ncommand = sleep 1000\nstartsecs = 0\n[program:down]\ncommand = sleep 1000\nautostart = false\n");
        d.WaitState("up", "RUNNING");
        Assert.IsGreaterThan(1, d.PidOf("up"));
        Assert.AreEqual(0, d.PidOrZero("down"), "not running is 0 for PidOrZero");
        Assert.ThrowsExactly<AssertFailedException>(() => d.PidOf("down"), "not running is a failure for PidOf");
        Assert.ThrowsExactly<AssertFailedException>(() => d.PidOrZero("nosuch"), "no such process");
        var gone = new Daemon("[program:up]\ncommand = sleep 1000\nstartsecs = 0\n");
        gone.Dispose();
        Assert.ThrowsExactly<AssertFailedException>(() => gone.PidOrZero("up"), "ctl cannot reach the daemon");
    }
}
