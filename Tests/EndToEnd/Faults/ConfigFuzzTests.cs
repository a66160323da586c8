using System.Text.RegularExpressions;
using Supervice.Config;
using Supervice.Tests.Fuzz;

namespace Supervice.Tests.EndToEnd.Faults;

/// <summary>Mutated configs: never a crash or a stack trace; every diagnostic names FILE:LINE.</summary>
[TestClass]
public partial class ConfigFuzzTests
{
    /// <summary>Config/sample.conf and Tests/Fixtures (no .json), sorted: a seed must give the same configs on every clone
    /// (directory order differs between file systems).</summary>
    private static List<string> Originals()
    {
        var root = RepoRoot();
        var files = new List<string> { Path.Combine(root, "Config", "sample.conf") };
        files.AddRange(Directory.EnumerateFiles(Path.Combine(root, "Tests", "Fixtures"), "*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(".json", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        return files.Select(File.ReadAllText).ToList();
    }

    /// <summary>The source tree (where Supervice.csproj is), found from the test assembly: SUPERVICE_BIN may point anywhere.</summary>
    private static string RepoRoot()
    {
        var dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "Supervice.csproj"))) dir = Path.GetDirectoryName(dir);
        return dir ?? throw new InvalidOperationException($"no Supervice.csproj above {AppContext.BaseDirectory}");
    }

    [GeneratedRegex(@"^(?<file>/[^:]+):(?<line>\d+): (error|warning): ")]
    private static partial Regex DiagnosticLine();

    /// <summary>Loads `cases` configs mutated from `seed` in-process; fails on an exception or a diagnostic without
    /// FILE:LINE. Returns how many loaded, how many were rejected, and how many held a NUL character.</summary>
    private static (int Ok, int Rejected, int WithNul) LoadMutated(int seed, int cases)
    {
        var mutator = new ConfigMutator(seed, Originals());
        var dir = Fixtures.TempDir("supervice-cfgfuzz-");
        int rejected = 0, ok = 0, withNul = 0;
        try
        {
            for (int i = 0; i < cases; i++)
            {
                var text = mutator.Next();
                if (text.Contains('\0')) withNul++;
                var path = Path.Combine(dir, "c.conf");
                File.WriteAllText(path, text);
                LoadResult result;
                try { result = ConfigLoader.Load(path, new LoadOptions { WorkingDirectory = dir, Portable = true }); }
                catch (Exception e) { Assert.Fail($"case {i} (seed {seed}) threw {e}\n--- config ---\n{text}"); throw; }
                if (result.Ok) ok++; else rejected++;
                foreach (var diag in result.Diagnostics)
                {
                    Assert.IsFalse(string.IsNullOrEmpty(diag.File), $"case {i} (seed {seed}): diagnostic without a file: {diag}");
                    if (diag.File == path)
                        Assert.IsGreaterThanOrEqualTo(1, diag.Line, $"case {i} (seed {seed}): diagnostic without a line: {diag}\n--- config ---\n{text}");
                }
            }
        }
        finally { Directory.Delete(dir, true); }
        return (ok, rejected, withNul);
    }

    [TestMethod]
    public void MutatedConfigsLoadWithoutExceptionsAndWithLines()
    {
        int cases = FuzzBudget.Count(300, 2_000);
        int seed = FuzzBudget.Seed(nameof(MutatedConfigsLoadWithoutExceptionsAndWithLines));
        var (ok, rejected, _) = LoadMutated(seed, cases);
        Console.WriteLine($"{cases} mutated configs in-process (seed {seed}): {ok} valid, {rejected} rejected, 0 exceptions");
    }

    /// <summary>The seed with which the fuzzer found `directory = NUL` throwing ArgumentException out of the loader
    /// (fixed in 9acc4b5): replayed on every run, whatever the budget.</summary>
    [TestMethod]
    public void PinnedSeed1867513177WithANulInAPathLoadsWithoutAnException()
    {
        const int Seed = 1867513177;
        var (ok, rejected, withNul) = LoadMutated(Seed, PinnedCases);
        Console.WriteLine($"pinned seed {Seed}: {PinnedCases} configs, {withNul} with a NUL, {ok} valid, {rejected} rejected, 0 exceptions");
        Assert.IsGreaterThan(0, withNul, "the pinned seed no longer produces a NUL (the fixtures changed?): pin a seed that does");
    }

    private const int PinnedCases = 600; // without the fix, case 546 (`directory = NUL`) throws

    /// <summary>The smallest form of what the pinned seed found.</summary>
    /// <summary>Found by the config fuzzer, seed 1620100655: a NUL in `[include] files` reached Path.GetFullPath.</summary>
    [TestMethod]
    public void NulCharacterInAnIncludeIsADiagnosticWithItsLine()
    {
        var dir = Fixtures.TempDir("supervice-cfgnul-");
        try
        {
            var path = Path.Combine(dir, "c.conf");
            File.WriteAllText(path, "[program:celery]\ncommand = sleep 1\n[include]\nfiles = a\0b.conf\n");
            var result = ConfigLoader.Load(path, new LoadOptions { WorkingDirectory = dir, Portable = true });
            Assert.IsFalse(result.Ok);
            var error = result.Diagnostics.Single(d => d.Severity == Severity.Error);
            Assert.AreEqual(4, error.Line, error.ToString());
            StringAssert.Contains(error.Message, "NUL", error.ToString());
        }
        finally { Directory.Delete(dir, true); }
    }

    [TestMethod]
    public void NulCharacterInADirectoryIsADiagnosticWithItsLine()
    {
        var dir = Fixtures.TempDir("supervice-cfgnul-");
        try
        {
            var path = Path.Combine(dir, "c.conf");
            File.WriteAllText(path, "[program:celery]\ncommand = sleep 1\ndirectory = \0\n");
            var result = ConfigLoader.Load(path, new LoadOptions { WorkingDirectory = dir, Portable = true });
            Assert.IsFalse(result.Ok);
            var error = result.Diagnostics.Single(d => d.Severity == Severity.Error);
            Assert.AreEqual(3, error.Line, error.ToString());
            StringAssert.Contains(error.Message, "NUL", error.ToString());
        }
        finally { Directory.Delete(dir, true); }
    }

    [TestMethod]
    public void MutatedConfigsThroughTheBinaryNeverShowAStackTrace()
    {
        int cases = FuzzBudget.Count(25, 200);
        int seed = FuzzBudget.Seed(nameof(MutatedConfigsThroughTheBinaryNeverShowAStackTrace));
        var mutator = new ConfigMutator(seed, Originals());
        var dir = Fixtures.TempDir("supervice-cfgfuzz-");
        try
        {
            for (int i = 0; i < cases; i++)
            {
                var text = mutator.Next();
                var path = Path.Combine(dir, $"c{i}.conf");
                File.WriteAllText(path, text);
                var r = Bin.RunIn(dir, null, "check-config", "--portable", "-c", path);
                var output = r.Stdout + r.Stderr;
                Assert.IsTrue(r.ExitCode is 0 or 1, $"case {i} (seed {seed}): exit {r.ExitCode}\n{output}\n--- config ---\n{text}");
                Assert.DoesNotContain("   at ", output, $"case {i} (seed {seed}): stack trace\n{output}");
                Assert.DoesNotContain("Exception", output, $"case {i} (seed {seed}): exception text\n{output}");
                foreach (var line in output.Split('\n').Where(l => l.Contains(": error: ")))
                {
                    var m = DiagnosticLine().Match(line);
                    Assert.IsTrue(m.Success, $"case {i} (seed {seed}): not FILE:LINE: {line}");
                    if (m.Groups["file"].Value == path) Assert.IsGreaterThanOrEqualTo(1, int.Parse(m.Groups["line"].Value), line);
                }
            }
            Console.WriteLine($"{cases} mutated configs through check-config (seed {seed}): no crash, no stack trace");
        }
        finally { Directory.Delete(dir, true); }
    }
}
