using System.Text;
using Supervice.Config.Model;
using Supervice.Core.Reconcile;

namespace Supervice.Tests.Unit.Core.Reconcile;

/// <summary>The state file: the original's JSON shape, atomic writes, tolerant reads, the derived path.</summary>
[TestClass]
public class StateFileTests
{
    private static List<StateRecord> Parse(string json) => StateFile.Parse(Encoding.UTF8.GetBytes(json));

    [TestMethod]
    public void RoundTripsEveryField()
    {
        var dir = Fixtures.TempDir("sv-state-");
        try
        {
            var path = Path.Combine(dir, ".sv.state.json");
            StateRecord[] records = [new("web", 10, 10, "starttime:5 pgid:10", true, ReconcilePolicy.Kill), new("w:01", 11, 0, "starttime:6 pgid:11", false, ReconcilePolicy.Off)];
            Assert.IsNull(StateFile.Write(path, records));
            CollectionAssert.AreEqual(records, StateFile.Read(path, out _));
            Assert.AreEqual(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            Assert.AreEqual(1, Directory.GetFiles(dir).Length, "a temp file was left behind");
        }
        finally { Directory.Delete(dir, true); }
    }

    [TestMethod]
    public void ReadsTheOriginalsFile()
    {
        var r = Parse("""{"version": 1, "children": [{"name": "a", "pid": 7, "pgid": 7, "token": "starttime:1 pgid:7", "pdeathsig": false, "reconcile": "warn"}]}""");
        Assert.AreEqual(new StateRecord("a", 7, 7, "starttime:1 pgid:7", false, ReconcilePolicy.Warn), r.Single());
    }

    [TestMethod]
    public void MissingReconcileMeansAuto()
        => Assert.AreEqual(ReconcilePolicy.Auto, Parse("""{"version":1,"children":[{"name":"a","pid":7,"token":"t"}]}""").Single().Reconcile);

    [TestMethod]
    [DataRow("")]
    [DataRow("not json")]
    [DataRow("[]")]
    [DataRow("""{"version": 2, "children": []}""")]
    [DataRow("""{"version": "1", "children": []}""")]
    [DataRow("""{"version": 1, "children": {}}""")]
    [DataRow("""{"version": 1, "children": [{"name": "a", "pid": 7, "token": "t"}""")]
    [DataRow("[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]")]
    public void CorruptFilesMeanNoMemory(string json) => Assert.IsEmpty(Parse(json));

    [TestMethod]
    public void OneBadRecordIsSkippedTheRestKept()
    {
        var r = Parse("""
            {"version": 1, "children": [
              {"name": "bad1", "pid": "7", "token": "t"},
              {"name": "bad2", "pid": -3, "token": "t"},
              {"name": "bad3", "pid": 9, "token": 5},
              {"name": "bad4", "pid": 9, "token": "t", "reconcile": "sometimes"},
              {"pid": 9, "token": "t"},
              42,
              {"name": "good", "pid": 8, "pgid": 8, "token": "t", "pdeathsig": true}
            ]}
            """);
        Assert.AreEqual("good", r.Single().Name);
    }

    [TestMethod]
    public void MissingFileIsEmpty() => Assert.IsEmpty(StateFile.Read("/nonexistent/dir/.x.state.json", out _));

    [TestMethod]
    public void PathIsDerivedFromThePidFile()
    {
        Assert.AreEqual("/tmp/sv-run/.sv.state.json", StateFile.PathFor(new SupervisorSettings { PidFile = "/tmp/sv-run/sv.pid" }, "/"));
        Assert.AreEqual("/run/.alpha.state.json", StateFile.PathFor(new SupervisorSettings { PidFile = "/run/alpha.pidfile" }, "/"));
        Assert.AreEqual("/run/.supervice.state.json", StateFile.PathFor(new SupervisorSettings { PidFile = "/run/.pid" }, "/"));
        Assert.AreEqual("/work/.supervice.state.json", StateFile.PathFor(new SupervisorSettings { PidFile = null }, "/work"));
        Assert.AreEqual("/work/st.json", StateFile.PathFor(new SupervisorSettings { PidFile = "/run/a.pid", StateFile = "st.json" }, "/work"));
    }

    [TestMethod]
    public void UnwritableDirectoryReportsAnErrorInsteadOfThrowing()
        => Assert.IsNotNull(StateFile.Write("/nonexistent/dir/.x.state.json", []));
}
