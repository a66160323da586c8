using Supervice.Config.Model;
using Supervice.Core.Reap;
using Supervice.Core.Reconcile;

namespace Supervice.Tests.Unit.Core.Reconcile;

/// <summary>The pure decision of startup reconciliation (seed §6.6, with the current config's policy).</summary>
[TestClass]
public class ReconcilerTests
{
    private const string Token = "starttime:100 pgid:42";
    private const int OwnGroup = 7;

    private static StateRecord Record(ReconcilePolicy policy = ReconcilePolicy.Auto, bool pdeathsig = true)
        => new("web", 42, 42, Token, pdeathsig, policy);

    private static ProcessSpec Spec(ReconcilePolicy policy, bool pdeathsig) => new()
    {
        Name = "web", ProgramName = "web", GroupName = "web", Command = "sleep 1", Argv = ["sleep", "1"], Reconcile = policy, PdeathSig = pdeathsig,
    };

    [TestMethod]
    public void GonePidIsSkipped() => Assert.AreEqual(ReconcileAction.Skip, Reconciler.Decide(Record(), null, null, OwnGroup).Action);

    [TestMethod]
    public void RecycledPidIsNotOurs()
        => Assert.AreEqual(ReconcileAction.NotOurs, Reconciler.Decide(Record(ReconcilePolicy.Kill), "starttime:101 pgid:42", null, OwnGroup).Action);

    [TestMethod]
    public void SameStartTimeButOtherGroupIsNotOurs()
        => Assert.AreEqual(ReconcileAction.NotOurs, Reconciler.Decide(Record(ReconcilePolicy.Kill), "starttime:100 pgid:43", null, OwnGroup).Action);

    [TestMethod]
    public void OffSkipsEvenAMatchingOrphan() => Assert.AreEqual(ReconcileAction.Skip, Reconciler.Decide(Record(ReconcilePolicy.Off), Token, null, OwnGroup).Action);

    [TestMethod]
    public void AutoWithPdeathsigKills()
    {
        var d = Reconciler.Decide(Record(), Token, null, OwnGroup);
        Assert.AreEqual(ReconcileAction.Kill, d.Action);
        StringAssert.Contains(d.Reason, "pdeathsig was requested");
    }

    [TestMethod]
    public void AutoWithoutPdeathsigWarnsAboutDuplicates()
    {
        var d = Reconciler.Decide(Record(pdeathsig: false), Token, null, OwnGroup);
        Assert.AreEqual(ReconcileAction.Warn, d.Action);
        StringAssert.Contains(d.Reason, "duplicates");
    }

    [TestMethod]
    public void ExplicitKillOverridesPdeathsigFalse() => Assert.AreEqual(ReconcileAction.Kill, Reconciler.Decide(Record(ReconcilePolicy.Kill, false), Token, null, OwnGroup).Action);

    [TestMethod]
    public void ExplicitWarnOverridesPdeathsigTrue() => Assert.AreEqual(ReconcileAction.Warn, Reconciler.Decide(Record(ReconcilePolicy.Warn, true), Token, null, OwnGroup).Action);

    [TestMethod]
    public void CurrentConfigPolicyWinsOverTheRecordedOne()
    {
        Assert.AreEqual(ReconcileAction.Kill, Reconciler.Decide(Record(ReconcilePolicy.Off), Token, Spec(ReconcilePolicy.Kill, false), OwnGroup).Action);
        Assert.AreEqual(ReconcileAction.Skip, Reconciler.Decide(Record(ReconcilePolicy.Kill), Token, Spec(ReconcilePolicy.Off, true), OwnGroup).Action);
        Assert.AreEqual(ReconcileAction.Warn, Reconciler.Decide(Record(ReconcilePolicy.Auto, true), Token, Spec(ReconcilePolicy.Auto, false), OwnGroup).Action);
    }

    [TestMethod]
    public void TokenComesFromStatFieldsAfterTheLastParen()
    {
        var stat = "1234 (we ird) (x) S 1 777 777 0 -1 4194304 100 0 0 0 0 0 0 0 20 0 1 0 98765 1000 10 18446744073709551615\n";
        Assert.AreEqual("starttime:98765 pgid:777", ProcessIdentity.TokenFromStat(stat));
        Assert.IsNull(ProcessIdentity.TokenFromStat("garbage"));
        Assert.AreEqual(777, ProcessIdentity.PgidOf("starttime:98765 pgid:777"));
        Assert.AreEqual(0, ProcessIdentity.PgidOf("starttime:98765"));
    }

    [TestMethod]
    public void OwnTokenIsStableAndRealPidsDiffer()
    {
        var self = ProcessIdentity.Token(Environment.ProcessId);
        Assert.IsNotNull(self);
        Assert.AreEqual(self, ProcessIdentity.Token(Environment.ProcessId));
        Assert.IsNull(ProcessIdentity.Token(0));
        Assert.IsNull(ProcessIdentity.Token(-1));
        Assert.IsNull(ProcessIdentity.Token(int.MaxValue));
    }

    [TestMethod]
    public void TagIsReadFromAnEnvironBlock()
    {
        Assert.AreEqual("web:01", ProcTable.TagIn("A=1\0SUPERVICE_PROCESS_NAME=web:01\0B=2\0"u8));
        Assert.IsNull(ProcTable.TagIn("A=1\0XSUPERVICE_PROCESS_NAME=web\0"u8));
        Assert.IsNull(ProcTable.TagIn(""u8));
    }
}
