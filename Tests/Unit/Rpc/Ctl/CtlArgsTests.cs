using Supervice.Rpc.Ctl;

namespace Supervice.Tests.Unit.Rpc.Ctl;

[TestClass]
public class CtlArgsTests
{
    [TestMethod]
    public void OptionsBeforeVerbMoveAfterIt()
    {
        var r = CtlArgs.Normalize(["ctl", "-s", "/x.sock", "--json", "status", "web"]);
        Assert.IsNull(r.Error);
        CollectionAssert.AreEqual(new[] { "ctl", "status", "-s", "/x.sock", "--json", "web" }, r.Args);
    }

    [TestMethod]
    public void UnknownVerbIsUsageError()
    {
        var r = CtlArgs.Normalize(["ctl", "bogus"]);
        StringAssert.Contains(r.Error, "unknown verb 'bogus'");
    }

    [TestMethod]
    public void MissingVerbIsUsageError()
    {
        var r = CtlArgs.Normalize(["ctl", "-s", "/x"]);
        StringAssert.Contains(r.Error, "missing verb");
    }
}
