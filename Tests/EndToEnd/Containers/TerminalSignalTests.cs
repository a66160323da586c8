namespace Supervice.Tests.EndToEnd.Containers;

/// <summary>SIGINT (Ctrl-C of `daemon -n`) and SIGQUIT (s6-overlay's and many images' stop signal) are a graceful
/// shutdown: the runtime gives these two no handler without System.Console, so the daemon takes them itself
/// (TerminalSignals). Before, either signal killed the daemon at once, without stopping anything.</summary>
[TestClass]
public class TerminalSignalTests
{
    [TestMethod]
    [DataRow(2, "SIGINT")]
    [DataRow(3, "SIGQUIT")]
    public void ItIsAGracefulShutdownThatExits0(int sig, string name)
    {
        using var d = new Daemon("[program:a]\ncommand = sh -c 'grep SigBlk /proc/self/status > mask.txt; exec sleep 1000'\nstartsecs = 0\n");
        var child = d.PidOf("a");
        d.WaitFile("mask.txt");
        d.Signal(sig);
        Assert.IsTrue(d.WaitExit(30), d.Log);
        Assert.AreEqual(0, d.ExitCode, d.Log);
        StringAssert.Contains(d.Log, $"received {name}: shutting down");
        StringAssert.Contains(d.Log, "a: RUNNING -> STOPPING");
        StringAssert.Contains(d.Log, "supervice stopped");
        Assert.IsFalse(Proc.Alive(child), "the program was stopped");
        Assert.AreEqual("SigBlk:\t0000000000000000", File.ReadAllText(Path.Combine(d.Dir, "mask.txt")).Trim(),
            "children start with no signal blocked (the daemon's own mask is not inherited)");
    }
}
