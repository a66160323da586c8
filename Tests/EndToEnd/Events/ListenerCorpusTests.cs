using System.Text.Json;
using System.Text.RegularExpressions;

namespace Supervice.Tests.EndToEnd.Events;

/// <summary>Issue #18: the real corpus files that declare `[eventlistener:x]` load under `check-config --portable` with
/// each listener built as a pool, and no warning in a listener's section that something of it is ignored.</summary>
[TestClass]
public partial class ListenerCorpusTests
{
    private static string CorpusDir => Fixtures.File("corpus");

    [GeneratedRegex(@"^\s*\[eventlistener:([^\]]+)\]", RegexOptions.Multiline)]
    private static partial Regex ListenerSection();

    [GeneratedRegex(@"^\s*\[", RegexOptions.Multiline)]
    private static partial Regex AnySection();

    public static IEnumerable<object[]> Files() =>
        Directory.GetFiles(CorpusDir, "*.conf").Where(f => ListenerSection().IsMatch(File.ReadAllText(f)))
            .Select(f => new object[] { Path.GetFileName(f) }).Order(Comparer<object[]>.Create((a, b) => string.CompareOrdinal((string)a[0], (string)b[0])));

    [TestMethod]
    public void SevenCorpusFilesDeclareListeners() => Assert.AreEqual(7, Files().Count(), string.Join("\n", Files().Select(f => f[0])));

    [TestMethod]
    [DynamicData(nameof(Files))]
    public void CorpusListenersLoadWithoutIgnoredWarnings(string file)
    {
        var path = Path.Combine(CorpusDir, file);
        var text = File.ReadAllText(path);
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(CorpusDir, "EXPECTED.json")));
        var expected = doc.RootElement.GetProperty("files").GetProperty(file);
        var config = path;
        string? wrapper = null;
        if (expected.GetProperty("load_as").GetString()!.StartsWith("conf.d", StringComparison.Ordinal))
        {
            wrapper = Fixtures.TempDir();
            config = Path.Combine(wrapper, "supervisord.conf");
            File.WriteAllText(config, $"[supervisord]\nnodaemon = true\n\n[include]\nfiles = {path}\n");
        }
        var args = new List<string> { "check-config", "--portable", "--json", "-c", config };
        foreach (var e in expected.GetProperty("env").EnumerateObject()) { args.Add("--env"); args.Add($"{e.Name}={e.Value.GetString()}"); }
        try
        {
            var r = Bin.RunIn(CorpusDir, null, [.. args]);
            Assert.AreEqual(0, r.ExitCode, $"{file}:\n{r.Stdout}\n{r.Stderr}");
            var report = JsonDocument.Parse(r.Stdout).RootElement;
            var listeners = ListenerSection().Matches(text).Select(m => m.Groups[1].Value).ToList();
            var built = report.GetProperty("programs").EnumerateArray()
                .Where(p => p.GetProperty("kind").GetString() == "eventlistener").Select(p => p.GetProperty("name").GetString()!).ToList();
            CollectionAssert.AreEquivalent(listeners, built, $"{file}: every [eventlistener:x] is a pool\n{r.Stdout}");
            Assert.AreEqual(0, report.GetProperty("ignored").GetArrayLength(), $"{file}: nothing is ignored\n{r.Stdout}");
            var inListeners = ListenerLines(text);
            foreach (var w in report.GetProperty("warnings").EnumerateArray())
            {
                var message = w.GetProperty("message").GetString()!;
                bool here = w.GetProperty("file").GetString() == path && inListeners.Contains(w.GetProperty("line").GetInt32());
                Assert.IsFalse(here && (message.Contains("ignored", StringComparison.Ordinal) || message.Contains("not supported", StringComparison.Ordinal)),
                    $"{file}:{w.GetProperty("line").GetInt32()}: {message}");
            }
        }
        finally { if (wrapper is not null) Directory.Delete(wrapper, true); }
    }

    /// <summary>The 1-based line numbers that belong to an `[eventlistener:x]` section (its header included).</summary>
    private static HashSet<int> ListenerLines(string text)
    {
        var lines = text.Split('\n');
        var result = new HashSet<int>();
        bool inside = false;
        for (int i = 0; i < lines.Length; i++)
        {
            if (AnySection().IsMatch(lines[i])) inside = ListenerSection().IsMatch(lines[i]);
            if (inside) result.Add(i + 1);
        }
        return result;
    }
}
