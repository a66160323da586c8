using System.Text.RegularExpressions;

namespace Supervice.Tests.Unit;

/// <summary>The rooms of the product (docs/ARCHITECTURE.md), checked on the source tree: a newcomer opens a
/// folder and knows what it owns and what it may touch.</summary>
[TestClass]
public partial class LayoutTests
{
    private const int MaxFilesPerFolder = 15;
    private const int MaxLinesPerFile = 400;

    private static readonly string Root = FindRoot();

    private static string FindRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "Supervice.csproj"))) return d.FullName;
        throw new InvalidOperationException("Supervice.csproj not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Every product source file, as a path relative to the repository root with '/' separators.</summary>
    private static IEnumerable<string> ProductFiles() =>
        new[] { "Config", "Core", "Rpc" }
            .SelectMany(room => Directory.EnumerateFiles(Path.Combine(Root, room), "*.cs", SearchOption.AllDirectories))
            .Select(f => Path.GetRelativePath(Root, f).Replace('\\', '/'))
            .Where(f => !Regex.IsMatch(f, "(^|/)(bin|obj)/"))
            .Order();

    private static string[] Usings(string file) =>
        File.ReadLines(Path.Combine(Root, file))
            .Select(l => UsingLine().Match(l))
            .Where(m => m.Success)
            .Select(m => m.Groups[1].Value)
            .ToArray();

    [TestMethod]
    public void TheTreeHasProductFiles() => Assert.IsTrue(ProductFiles().Count() > 50, "the layout checks must see the sources");

    [TestMethod]
    public void NoFolderHoldsMoreThanFifteenFiles()
    {
        var crowded = ProductFiles().GroupBy(Path.GetDirectoryName)
            .Where(g => g.Count() > MaxFilesPerFolder)
            .Select(g => $"{g.Key}: {g.Count()} files").ToList();
        Assert.AreEqual(0, crowded.Count, string.Join("\n", crowded));
    }

    [TestMethod]
    public void CoreAndRpcHoldOnlyRooms()
    {
        var loose = ProductFiles().Where(f => Regex.IsMatch(f, "^(Core|Rpc)/[^/]+$")).ToList();
        Assert.AreEqual(0, loose.Count, "files outside a room: " + string.Join(", ", loose));
    }

    [TestMethod]
    public void NoFileIsOverFourHundredLines()
    {
        var big = ProductFiles().Select(f => (f, n: File.ReadLines(Path.Combine(Root, f)).Count()))
            .Where(x => x.n > MaxLinesPerFile).Select(x => $"{x.f}: {x.n} lines").ToList();
        Assert.AreEqual(0, big.Count, string.Join("\n", big));
    }

    [TestMethod]
    public void EveryNamespaceMatchesItsFolder()
    {
        var wrong = new List<string>();
        foreach (var f in ProductFiles())
        {
            var expected = "Supervice." + Path.GetDirectoryName(f)!.Replace('/', '.');
            var declared = File.ReadLines(Path.Combine(Root, f)).Select(l => NamespaceLine().Match(l))
                .FirstOrDefault(m => m.Success)?.Groups[1].Value;
            if (declared != expected) wrong.Add($"{f}: namespace {declared ?? "(none)"}, expected {expected}");
        }
        Assert.AreEqual(0, wrong.Count, string.Join("\n", wrong));
    }

    [TestMethod]
    public void ConfigDependsOnNothingElse() =>
        AssertNoImports(f => f.StartsWith("Config/"), ns => !ns.StartsWith("Supervice.Config"));

    [TestMethod]
    public void OnlyTheCommandLineUsesTheCommandLine() =>
        AssertNoImports(f => !f.StartsWith("Core/Cli/"), ns => ns.StartsWith("Supervice.Core.Cli"));

    /// <summary>Rpc reaches the engine only through its backend interface (which the engine implements); the
    /// platform layer (Core.Native and its sub-namespaces) and the config model are shared by everyone.</summary>
    [TestMethod]
    public void RpcUsesCoreOnlyThroughTheBackendInterface() =>
        AssertNoImports(f => f.StartsWith("Rpc/"),
            ns => ns.StartsWith("Supervice.Core") && !IsNativeLayer(ns));

    /// <summary>Supervice.Core.Native and its sub-namespaces (Streams, Files, Processes, Polling).</summary>
    private static bool IsNativeLayer(string ns) => ns == "Supervice.Core.Native" || ns.StartsWith("Supervice.Core.Native.");

    [TestMethod]
    public void OnlyTheNativeLayerDeclaresLibcCalls()
    {
        var outside = ProductFiles().Where(f => !f.StartsWith("Core/Native/"))
            .Where(f => File.ReadAllText(Path.Combine(Root, f)).Contains("[LibraryImport") ||
                        File.ReadAllText(Path.Combine(Root, f)).Contains("[DllImport")).ToList();
        Assert.AreEqual(0, outside.Count, "P/Invoke outside Core/Native: " + string.Join(", ", outside));
    }

    /// <summary>The loop's state is read in one place: Supervisor.cs declares every field of the Supervisor; its
    /// other partial files (one concern each) hold behaviour only.</summary>
    [TestMethod]
    public void EverySupervisorFieldIsDeclaredInSupervisorCs()
    {
        var partials = ProductFiles().Where(f => f.StartsWith("Core/Engine/Supervisor.") && f != "Core/Engine/Supervisor.cs").ToList();
        Assert.IsTrue(partials.Count > 5, "the check must see the Supervisor's partial files");
        var fields = partials.SelectMany(f => File.ReadLines(Path.Combine(Root, f))
                .Where(l => FieldLine().IsMatch(l)).Select(l => $"{f}: {l.Trim()}")).ToList();
        Assert.AreEqual(0, fields.Count, "fields outside Supervisor.cs:\n" + string.Join("\n", fields));
    }

    private static void AssertNoImports(Func<string, bool> files, Func<string, bool> forbidden)
    {
        var bad = ProductFiles().Where(files)
            .SelectMany(f => Usings(f).Where(forbidden).Select(ns => $"{f}: using {ns}")).ToList();
        Assert.AreEqual(0, bad.Count, string.Join("\n", bad));
    }

    [GeneratedRegex(@"^using\s+(?:\w+\s*=\s*)?(Supervice[\w.]*)\s*;")]
    private static partial Regex UsingLine();

    /// <summary>A member declaration without a body or arrow: an instance field (constants and static tables aside).</summary>
    [GeneratedRegex(@"^    (private|public|internal|protected)(?! const)(?! static)(?!.*(=>|\{ get))[^=(]*(=.*)?;")]
    private static partial Regex FieldLine();

    [GeneratedRegex(@"^namespace\s+([\w.]+)\s*;")]
    private static partial Regex NamespaceLine();
}
