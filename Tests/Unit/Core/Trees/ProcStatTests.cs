using Supervice.Core.Trees;

namespace Supervice.Tests.Unit.Core.Trees;

[TestClass]
public class ProcStatTests
{
    private const string Tail = "0 0 0 0 0 0 0 0 0 20 0 1 0 123456 1000 10 18446744073709551615 0 0 0 0 0 0 0 0 0";

    [TestMethod]
    public void ParsesParentGroupSessionAndStartTime()
    {
        var s = ProcStat.Parse($"4242 (nginx) S 100 4200 4100 0 -1 {Tail}")!.Value;
        Assert.AreEqual(4242, s.Pid);
        Assert.AreEqual('S', s.State);
        Assert.AreEqual(100, s.PPid);
        Assert.AreEqual(4200, s.Pgid);
        Assert.AreEqual(4100, s.Session);
        Assert.AreEqual(123456UL, s.StartTicks);
        Assert.IsFalse(s.IsZombie);
    }

    [TestMethod]
    public void ANameWithSpacesAndParenthesesDoesNotShiftTheFields()
    {
        var s = ProcStat.Parse($"77 (a) b (c) Z 1 2 3 0 -1 {Tail}")!.Value;
        Assert.AreEqual('Z', s.State);
        Assert.AreEqual(1, s.PPid);
        Assert.AreEqual(3, s.Session);
        Assert.IsTrue(s.IsZombie);
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("garbage")]
    [DataRow("12 (x) S 1 2")]
    [DataRow("x (y) S 1 2 3 0 -1 0 0 0 0 0 0 0 0 0 0 20 0 1 0 5")]
    public void AnythingElseIsNull(string line) => Assert.IsNull(ProcStat.Parse(line));

    [TestMethod]
    public void ReadsItself()
    {
        var s = ProcStat.Read(Environment.ProcessId)!.Value;
        Assert.AreEqual(Environment.ProcessId, s.Pid);
        Assert.IsTrue(s.StartTicks > 0);
        Assert.IsNull(ProcStat.Read(-1));
    }
}
