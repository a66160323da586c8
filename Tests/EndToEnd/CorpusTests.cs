using System.Text.Json;

namespace Supervice.Tests.EndToEnd;

/// <summary>Every real supervisord file of the corpus loads (warnings allowed) and yields the groups and process
/// names supervisord 4.2.5 builds from it (Tests/Fixtures/corpus/EXPECTED.json).</summary>
[TestClass]
public class CorpusTests
{
    private static string CorpusDir => Fixtures.File("corpus");

    public static IEnumerable<object[]> Files()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(CorpusDir, "EXPECTED.json")));
        foreach (var f in doc.RootElement.GetProperty("files").EnumerateObject()) yield return [f.Name];
    }

    [TestMethod]
    public void CorpusHasFortyFiles() => Assert.AreEqual(40, Files().Count());

    [TestMethod]
    [DynamicData(nameof(Files))]
    public void CorpusFileLoadsWithSupervisordsProcessNames(string file)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(CorpusDir, "EXPECTED.json")));
        var expected = doc.RootElement.GetProperty("files").GetProperty(file);
        var path = Path.Combine(CorpusDir, file);
        string? wrapperDir = null;
        if (expected.GetProperty("load_as").GetString()!.StartsWith("conf.d", StringComparison.Ordinal))
        {
            wrapperDir = Fixtures.TempDir();
            var main = Path.Combine(wrapperDir, "supervisord.conf");
            File.WriteAllText(main, $"[supervisord]\nnodaemon = true\n\n[include]\nfiles = {path}\n");
            path = main;
        }
        var args = new List<string> { "check-config", "--portable", "--json", "-c", path };
        foreach (var e in expected.GetProperty("env").EnumerateObject()) { args.Add("--env"); args.Add($"{e.Name}={e.Value.GetString()}"); }
        try
        {
            var r = Bin.RunIn(CorpusDir, null, [.. args]);
            if (r.ExitCode == 1 && OpenInetHttpServerLine(r.Stdout) is { } line)
            {
                // SPEC §12.1: `[inet_http_server]` on every address without credentials is an error (supervisord's
                // CVE-2017-11610 lesson). The rest of the file must still load as supervisord reads it: check a
                // copy bound to loopback.
                wrapperDir ??= Fixtures.TempDir();
                var copy = Path.Combine(wrapperDir, "loopback-" + file);
                var lines = File.ReadAllLines(path);
                lines[line - 1] = "port = 127.0.0.1:9001";
                File.WriteAllLines(copy, lines);
                args[4] = copy; // the -c argument
                r = Bin.RunIn(CorpusDir, null, [.. args]);
            }
            Assert.AreEqual(0, r.ExitCode, $"{file}:\n{r.Stdout}\n{r.Stderr}");
            var actual = Describe(JsonDocument.Parse(r.Stdout).RootElement);
            var want = DescribeExpected(expected);
            CollectionAssert.AreEqual(want, actual, $"{file}\nexpected:\n{string.Join("\n", want)}\nactual:\n{string.Join("\n", actual)}");
        }
        finally { if (wrapperDir is not null) Directory.Delete(wrapperDir, true); }
    }

    /// <summary>The line of the `[inet_http_server] port` when that is the report's only error, else null.</summary>
    private static int? OpenInetHttpServerLine(string json)
    {
        var errors = JsonDocument.Parse(json).RootElement.GetProperty("errors").EnumerateArray().ToList();
        return errors.Count == 1 && errors[0].GetProperty("message").GetString()!.Contains("listens beyond this host without credentials")
            ? errors[0].GetProperty("line").GetInt32() : null;
    }

    private static List<string> DescribeExpected(JsonElement expected) =>
        [.. expected.GetProperty("groups").EnumerateArray().Select(g => Line(
            g.GetProperty("name").GetString()!, g.GetProperty("kind").GetString()!, g.GetProperty("priority").GetInt32(),
            g.GetProperty("processes").EnumerateArray().Select(p => p.GetString()!),
            g.GetProperty("commands").EnumerateArray().Select(c => c.GetString()!.Replace("{here}", CorpusDir))))];

    /// <summary>check-config --json as supervisord's group list: programs grouped, plus ignored pools, by (priority, name).</summary>
    private static List<string> Describe(JsonElement report)
    {
        var programs = report.GetProperty("programs").EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!);
        var groups = new List<(int Priority, string Name, string Line)>();
        foreach (var g in report.GetProperty("groups").EnumerateArray())
        {
            var members = g.GetProperty("programs").EnumerateArray().Select(p => programs[p.GetString()!]).ToList();
            var processes = members.SelectMany(p => p.GetProperty("processes").EnumerateArray().Select(x => x.GetString()!)).ToList();
            var commands = members.SelectMany(p => p.GetProperty("processes").EnumerateArray().Select(_ => p.GetProperty("command").GetString()!));
            var name = g.GetProperty("name").GetString()!;
            var priority = g.GetProperty("priority").GetInt32();
            var kind = members.Select(p => p.TryGetProperty("kind", out var k) ? k.GetString()! : "program").FirstOrDefault() ?? "program";
            groups.Add((priority, name, Line(name, kind, priority, processes, commands)));
        }
        foreach (var p in report.GetProperty("ignored").EnumerateArray())
        {
            var name = p.GetProperty("name").GetString()!;
            var priority = p.GetProperty("priority").GetInt32();
            groups.Add((priority, name, Line(name, p.GetProperty("kind").GetString()!, priority,
                p.GetProperty("processes").EnumerateArray().Select(x => x.GetString()!),
                p.GetProperty("commands").EnumerateArray().Select(x => x.GetString()!))));
        }
        return [.. groups.OrderBy(g => g.Priority).ThenBy(g => g.Name, StringComparer.Ordinal).Select(g => g.Line)];
    }

    private static string Line(string name, string kind, int priority, IEnumerable<string> processes, IEnumerable<string> commands) =>
        $"{kind} {name} priority={priority} processes=[{string.Join(", ", processes)}] commands=[{string.Join(" | ", commands)}]";
}
