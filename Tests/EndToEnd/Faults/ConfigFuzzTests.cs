using System.Text.RegularExpressions;
using Supervice.Config;
using Supervice.Tests.Fuzz;

namespace Supervice.Tests.EndToEnd.Faults;

/// <summary>Mutated configs: never a crash or a stack trace; every diagnostic names FILE:LINE.</summary>
[TestClass]
public partial class ConfigFuzzTests
{
    private static List<string> Originals()
    {
        var root = Path.GetDirectoryName(Path.GetDirectoryName(Bin.Path))!;
        var files = new List<string> { Path.Combine(root, "Config", "sample.conf") };
        files.AddRange(Directory.EnumerateFiles(Path.Combine(root, "Tests", "Fixtures"), "*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(".json", StringComparison.Ordinal)));
        return files.Select(File.ReadAllText).ToList();
    }

    [GeneratedRegex(@"^(?<file>/[^:]+):(?<line>\d+): (error|warning): ")]
    private static partial Regex DiagnosticLine();

    [TestMethod]
    public void MutatedConfigsLoadWithoutExceptionsAndWithLines()
    {
        int cases = FuzzBudget.Count(300, 2_000);
        int seed = FuzzBudget.Seed(nameof(MutatedConfigsLoadWithoutExceptionsAndWithLines));
        var mutator = new ConfigMutator(seed, Originals());
        var dir = Directory.CreateTempSubdirectory("supervice-cfgfuzz-").FullName;
        int errors = 0, ok = 0;
        try
        {
            for (int i = 0; i < cases; i++)
            {
                var text = mutator.Next();
                var path = Path.Combine(dir, "c.conf");
                File.WriteAllText(path, text);
                LoadResult result;
                try { result = ConfigLoader.Load(path, new LoadOptions { WorkingDirectory = dir, Portable = true }); }
                catch (Exception e) { Assert.Fail($"case {i} (seed {seed}) threw {e}\n--- config ---\n{text}"); return; }
                if (result.Ok) ok++; else errors++;
                foreach (var diag in result.Diagnostics)
                {
                    Assert.IsFalse(string.IsNullOrEmpty(diag.File), $"case {i} (seed {seed}): diagnostic without a file: {diag}");
                    if (diag.File == path)
                        Assert.IsGreaterThanOrEqualTo(1, diag.Line, $"case {i} (seed {seed}): diagnostic without a line: {diag}\n--- config ---\n{text}");
                }
            }
            Console.WriteLine($"{cases} mutated configs in-process (seed {seed}): {ok} valid, {errors} rejected, 0 exceptions");
        }
        finally { Directory.Delete(dir, true); }
    }

    [TestMethod]
    public void MutatedConfigsThroughTheBinaryNeverShowAStackTrace()
    {
        int cases = FuzzBudget.Count(25, 200);
        int seed = FuzzBudget.Seed(nameof(MutatedConfigsThroughTheBinaryNeverShowAStackTrace));
        var mutator = new ConfigMutator(seed, Originals());
        var dir = Directory.CreateTempSubdirectory("supervice-cfgfuzz-").FullName;
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
