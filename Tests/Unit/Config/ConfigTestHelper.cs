using System.Collections.Immutable;
using Supervice.Config;
using Supervice.Config.Model;

namespace Supervice.Tests.Unit.Config;

/// <summary>Writes config text to a scratch directory and loads it.</summary>
internal static class ConfigTestHelper
{
    public static LoadResult Load(string text, bool portable = false, ImmutableDictionary<string, string>? env = null, Dictionary<string, string>? extraFiles = null)
    {
        var dir = Fixtures.TempDir();
        foreach (var (name, content) in extraFiles ?? [])
        {
            var p = Path.Combine(dir, name);
            Directory.CreateDirectory(Path.GetDirectoryName(p)!);
            File.WriteAllText(p, content);
        }
        var path = Path.Combine(dir, "supervice.conf");
        File.WriteAllText(path, text);
        return ConfigLoader.Load(path, new LoadOptions
        {
            Portable = portable,
            Environment = env ?? ImmutableDictionary<string, string>.Empty,
            WorkingDirectory = dir,
            HostNodeName = "node1",
        });
    }

    public static ConfigModel Ok(string text, ImmutableDictionary<string, string>? env = null, Dictionary<string, string>? extraFiles = null)
    {
        var r = Load(text, env: env, extraFiles: extraFiles);
        Assert.IsTrue(r.Ok, string.Join("\n", r.Diagnostics));
        return r.Model!;
    }

    public static ProcessSpec Only(string text) => Ok(text).Processes.Single();

    public static List<string> Errors(LoadResult r) => [.. r.Diagnostics.Where(d => d.Severity == Severity.Error).Select(d => $"{d.Line}: {d.Message}")];
    public static List<string> Warnings(LoadResult r) => [.. r.Diagnostics.Where(d => d.Severity == Severity.Warning).Select(d => $"{d.Line}: {d.Message}")];

    public static void HasError(LoadResult r, string lineAndMessage)
    {
        Assert.IsFalse(r.Ok);
        Assert.IsTrue(Errors(r).Any(e => e.Contains(lineAndMessage, StringComparison.Ordinal)), $"no error '{lineAndMessage}' in:\n{string.Join("\n", r.Diagnostics)}");
    }

    public static void HasWarning(LoadResult r, string lineAndMessage) =>
        Assert.IsTrue(Warnings(r).Any(e => e.Contains(lineAndMessage, StringComparison.Ordinal)), $"no warning '{lineAndMessage}' in:\n{string.Join("\n", r.Diagnostics)}");
}
