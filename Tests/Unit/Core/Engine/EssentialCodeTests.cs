using Supervice.Core.Engine;
using Supervice.Core.Lifecycle;

namespace Supervice.Tests.Unit.Core.Engine;

/// <summary>The exit status an essential program hands to the daemon.</summary>
[TestClass]
public class EssentialCodeTests
{
    private static LifecycleState S(ProcessState state, ExitStatus? exit) => new() { State = state, LastExit = exit };

    [TestMethod]
    public void ItsOwnCodeOr128PlusTheSignalOr1WithoutAnExit()
    {
        Assert.AreEqual(3, Supervisor.EssentialCode(S(ProcessState.Exited, new ExitStatus(3, 0, false))));
        Assert.AreEqual(0, Supervisor.EssentialCode(S(ProcessState.Exited, new ExitStatus(0, 0, false))));
        Assert.AreEqual(137, Supervisor.EssentialCode(S(ProcessState.Exited, new ExitStatus(-1, 9, false))));
        Assert.AreEqual(143, Supervisor.EssentialCode(S(ProcessState.Fatal, new ExitStatus(-1, 15, false))));
        Assert.AreEqual(1, Supervisor.EssentialCode(S(ProcessState.Fatal, null)), "a spawn error has no exit status");
        Assert.AreEqual(1, Supervisor.EssentialCode(S(ProcessState.Fatal, new ExitStatus(0, 0, false))), "FATAL is a failure even after exit 0");
        Assert.AreEqual(2, Supervisor.EssentialCode(S(ProcessState.Fatal, new ExitStatus(2, 0, false))));
    }
}
