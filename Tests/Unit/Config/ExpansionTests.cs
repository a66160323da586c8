using Supervice.Config;

namespace Supervice.Tests.Unit.Config;

[TestClass]
public class ExpansionTests
{
    private static readonly Dictionary<string, object> Keys = new()
    {
        ["program_name"] = "web", ["process_num"] = 0, ["numprocs"] = 2, ["here"] = "/etc", ["ENV_HOME"] = "/root",
    };

    private static string? Expand(string s) => Expansion.Expand(s, Keys, out _);

    [TestMethod] public void ProcessNumWithSIsThePlainNumber() => Assert.AreEqual("0", Expand("%(process_num)s"));
    [TestMethod] public void ProcessNumWith02dIsPadded() => Assert.AreEqual("00", Expand("%(process_num)02d"));
    [TestMethod] public void ProcessNumWith03dIsPaddedToThree() => Assert.AreEqual("x000", Expand("x%(process_num)03d"));
    [TestMethod] public void ProcessNumWithDIsPlain() => Assert.AreEqual("web-0", Expand("%(program_name)s-%(process_num)d"));
    [TestMethod] public void WidthPadsStringsOnTheLeft() => Assert.AreEqual("  web", Expand("%(program_name)5s"));
    [TestMethod] public void EnvVariablesExpand() => Assert.AreEqual("/root/bin", Expand("%(ENV_HOME)s/bin"));
    [TestMethod] public void HereExpands() => Assert.AreEqual("/etc/x", Expand("%(here)s/x"));
    [TestMethod] public void DoublePercentIsALiteralPercent() => Assert.AreEqual("100%", Expand("100%%"));
    [TestMethod] public void PercentNotFollowedByParenIsLiteral() => Assert.AreEqual("/bin/date +%s", Expand("/bin/date +%s"));

    [TestMethod]
    public void UnsetEnvIsAnErrorNamingTheVariable()
    {
        Assert.IsNull(Expansion.Expand("%(ENV_NOPE)s", Keys, out var error));
        StringAssert.Contains(error, "environment variable NOPE is not set");
    }

    [TestMethod]
    public void UnknownKeyIsAnErrorListingAvailableKeys()
    {
        Assert.IsNull(Expansion.Expand("%(nope)s", Keys, out var error));
        StringAssert.Contains(error, "unknown expansion '%(nope)s'; available: here, numprocs, process_num, program_name, ENV_<name>");
    }

    [TestMethod]
    public void NumberFormatOfAStringIsAnError()
    {
        Assert.IsNull(Expansion.Expand("%(program_name)d", Keys, out var error));
        StringAssert.Contains(error, "a number is required");
    }
}
