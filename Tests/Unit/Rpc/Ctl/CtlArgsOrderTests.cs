using Supervice.Rpc.Ctl;

namespace Supervice.Tests.Unit.Rpc.Ctl;

/// <summary>SPEC §1.1 writes options after the names (`restart NAME... [--force]`, `tail [-f] [-n LINES] NAME`), and
/// the original's client accepts them anywhere: every option a verb has must be accepted anywhere among its names.</summary>
[TestClass]
public class CtlArgsOrderTests
{
    private static string[] Normalized(params string[] args)
    {
        var r = CtlArgs.Normalize(["ctl", .. args]);
        Assert.IsNull(r.Error, r.Error);
        return r.Args;
    }

    private static string Error(params string[] args)
    {
        var r = CtlArgs.Normalize(["ctl", .. args]);
        Assert.IsNotNull(r.Error, $"expected a usage error for: {string.Join(' ', args)}");
        return r.Error;
    }

    [TestMethod]
    public void ForceAfterTheNameComesBeforeTheNames()
        => CollectionAssert.AreEqual(new[] { "ctl", "restart", "--force", "web" }, Normalized("restart", "web", "--force"));

    [TestMethod]
    public void ForceBetweenNamesKeepsTheNamesInOrder()
        => CollectionAssert.AreEqual(new[] { "ctl", "restart", "--force", "web", "db" }, Normalized("restart", "web", "--force", "db"));

    [TestMethod]
    public void CommonOptionsAfterNamesWorkForEveryVerb()
    {
        foreach (var verb in CtlArgs.Verbs)
        {
            string[] names = verb is "maintail" or "reload" or "shutdown" or "version" ? [] : verb == "signal" ? ["HUP", "web"] : ["web"];
            CollectionAssert.AreEqual(new[] { "ctl", verb, "-s", "/x.sock", "--json", "--timeout", "3" }.Concat(names).ToArray(),
                Normalized([verb, .. names.Take(1), "-s", "/x.sock", "--json", .. names.Skip(1), "--timeout", "3"]), verb);
        }
    }

    [TestMethod]
    public void OptionsBeforeTheVerbStayAheadOfOptionsAfterIt()
        => CollectionAssert.AreEqual(new[] { "ctl", "restart", "-s", "/x.sock", "--force", "web" }, Normalized("-s", "/x.sock", "restart", "web", "--force"));

    [TestMethod]
    public void TailOptionsAnywhere()
    {
        CollectionAssert.AreEqual(new[] { "ctl", "tail", "-f", "-n", "5", "web", "stderr" }, Normalized("tail", "web", "-f", "stderr", "-n", "5"));
        CollectionAssert.AreEqual(new[] { "ctl", "tail", "--follow", "--lines", "5", "web" }, Normalized("tail", "web", "--follow", "--lines=5"));
        CollectionAssert.AreEqual(new[] { "ctl", "maintail", "-n", "3", "-f" }, Normalized("maintail", "-n", "3", "-f"));
    }

    [TestMethod]
    public void ANegativeLineCountIsAValueNotAnOption()
        => CollectionAssert.AreEqual(new[] { "ctl", "tail", "-n", "-5", "web" }, Normalized("tail", "web", "-n", "-5"));

    [TestMethod]
    public void DryRunAfterReload()
        => CollectionAssert.AreEqual(new[] { "ctl", "reload", "--json", "--dry-run" }, Normalized("reload", "--json", "--dry-run"));

    [TestMethod]
    public void DoubleDashEndsTheOptions()
        => CollectionAssert.AreEqual(new[] { "ctl", "stop", "--json", "web", "--force" }, Normalized("stop", "--json", "--", "web", "--force"));

    [TestMethod]
    public void ANameThatLooksLikeAnOptionFirstIsRefused()
        => StringAssert.Contains(Error("stop", "--", "-web"), "a NAME cannot start with '-': '-web'");

    [TestMethod]
    public void AnOptionOfAnotherVerbIsAnUnknownOption()
    {
        StringAssert.Contains(Error("stop", "web", "--force"), "supervice ctl stop: unknown option '--force'");
        StringAssert.Contains(Error("status", "-f"), "supervice ctl status: unknown option '-f'");
        StringAssert.Contains(Error("restart", "web", "--dry-run"), "unknown option '--dry-run'");
    }

    [TestMethod]
    public void AMisspelledOptionIsNotTakenForAName()
        => StringAssert.Contains(Error("restart", "web", "--forse"), "supervice ctl restart: unknown option '--forse'");

    [TestMethod]
    public void AValueOptionAtTheEndNeedsItsValue()
    {
        StringAssert.Contains(Error("tail", "web", "-n"), "option -n needs a value");
        StringAssert.Contains(Error("status", "web", "-s"), "option -s needs a value");
    }

    [TestMethod]
    public void NumbersAreChecked()
    {
        StringAssert.Contains(Error("tail", "web", "-n", "abc"), "option -n needs a whole number, not 'abc'");
        StringAssert.Contains(Error("--timeout", "soon", "status"), "option --timeout needs a number of seconds, not 'soon'");
        StringAssert.Contains(Error("status", "--timeout=-1"), "option --timeout needs a number of seconds, not '-1'");
    }

    [TestMethod]
    public void AFlagTakesNoValue()
        => StringAssert.Contains(Error("restart", "web", "--force=yes"), "option --force takes no value");

    [TestMethod]
    public void HelpAnywhereAsksForTheVerbsHelp()
        => CollectionAssert.AreEqual(new[] { "ctl", "restart", "--help" }, Normalized("restart", "web", "-h"));

    [TestMethod]
    public void SignalKeepsItsSignalFirst()
        => CollectionAssert.AreEqual(new[] { "ctl", "signal", "-s", "/x", "HUP", "web" }, Normalized("signal", "HUP", "-s", "/x", "web"));

    [TestMethod]
    public void AnArgumentAVerbDoesNotTakeIsAUsageError()
    {
        StringAssert.Contains(Error("shutdown", "now"), "supervice ctl shutdown: takes no arguments, got 'now'");
        StringAssert.Contains(Error("maintail", "web", "-f"), "supervice ctl maintail: takes no arguments, got 'web'");
        StringAssert.Contains(Error("startgroup", "a", "-s", "/x", "b"), "supervice ctl startgroup: takes one GROUP, got 2: 'a b'");
        CollectionAssert.AreEqual(new[] { "ctl", "stopgroup", "-s", "/x", "g" }, Normalized("stopgroup", "g", "-s", "/x"));
    }

    [TestMethod]
    public void EachVerbListsItsOwnOptions()
    {
        CollectionAssert.IsSubsetOf(new[] { "--force" }, CtlArgs.OptionNames("restart").ToArray());
        CollectionAssert.DoesNotContain(CtlArgs.OptionNames("stop").ToArray(), "--force");
        CollectionAssert.IsSubsetOf(new[] { "-f", "--follow", "-n", "--lines" }, CtlArgs.OptionNames("tail").ToArray());
        CollectionAssert.IsSubsetOf(new[] { "--dry-run" }, CtlArgs.OptionNames("reload").ToArray());
    }
}
