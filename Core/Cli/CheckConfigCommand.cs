using Supervice.Config;
using Supervice.Core.Native.Streams;
namespace Supervice.Core.Cli;
using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using Supervice.Config.Model;

/// <summary>`supervice check-config`: load and validate, print every diagnostic, exit 0/1/2.</summary>
public static class CheckConfigCommand
{
    private static readonly List<string> RepeatedEnv = [];

    /// <summary>Takes every `--env V` / `--env=V` out of a check-config command line: the CLI framework keeps only the
    /// last of a repeated option, and `--env` must be repeatable. Run() adds them to its own `env`.</summary>
    public static string[] ExtractEnvArgs(string[] args)
    {
        var rest = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--env") RepeatedEnv.Add(i + 1 < args.Length ? args[++i] : "");
            else if (args[i].StartsWith("--env=", StringComparison.Ordinal)) RepeatedEnv.Add(args[i]["--env=".Length..]);
            else rest.Add(args[i]);
        }
        return [.. rest];
    }

    public static int Run(string? config, bool json, bool portable, string[] env)
    {
        env = [.. env, .. RepeatedEnv];
        var environment = LoadOptions.ProcessEnvironment().ToBuilder();
        foreach (var kv in env)
        {
            int eq = kv.IndexOf('=');
            if (eq <= 0) return CliOutput.Usage($"check-config: --env expects KEY=VALUE, got '{kv}'");
            environment[kv[..eq]] = kv[(eq + 1)..];
        }
        var cwd = Directory.GetCurrentDirectory();
        var path = ConfigDiscovery.Find(config, out var notFound);
        if (path is null) return CliOutput.Usage($"check-config: {notFound}");
        if (!File.Exists(Path.GetFullPath(path, cwd))) return CliOutput.Usage($"check-config: Config file not found: {Path.GetFullPath(path, cwd)}");
        var options = new LoadOptions { Portable = portable, Environment = environment.ToImmutable(), WorkingDirectory = cwd };
        var result = ConfigLoader.Load(path, options);
        CliOutput.WriteStdout(json ? Json(path, result) : Text(result));
        return result.Ok ? 0 : 1;
    }

    public static string Text(LoadResult result)
    {
        var sb = new StringBuilder();
        foreach (var d in result.Diagnostics) sb.Append(d).Append('\n');
        int errors = result.Diagnostics.Count(d => d.Severity == Severity.Error);
        int warnings = result.Diagnostics.Length - errors;
        if (result.Ok && result.Model is { } m)
            sb.Append($"OK: {Plural(m.Programs.Length, "program")}, {Plural(m.Processes.Length, "process", "processes")}, {Plural(m.Groups.Length, "group")}")
              .Append(warnings > 0 ? $" ({Plural(warnings, "warning")})" : "").Append('\n');
        else sb.Append($"{Plural(errors, "error")}, {Plural(warnings, "warning")}\n");
        return sb.ToString();
    }

    public static string Json(string path, LoadResult result)
    {
        var m = result.Model;
        var report = new CheckConfigReport(
            result.Ok,
            m?.Path ?? path,
            [.. result.Diagnostics.Where(d => d.Severity == Severity.Error).Select(Problem)],
            [.. result.Diagnostics.Where(d => d.Severity == Severity.Warning).Select(Problem)],
            m is null ? [] : [.. m.Programs.Select(p => new CheckConfigProgram(p.Name, p.GroupName, [.. p.Instances.Select(i => i.Name)],
                p.Priority, p.NumProcs, p.Instances.FirstOrDefault()?.Command ?? "", p.Instances.FirstOrDefault()?.AutoStart ?? true,
                [.. (p.Instances.FirstOrDefault()?.DependsOn ?? []).Select(d => new CheckConfigDependency(d.Program, Dependency.Name(d.Condition)))],
                p.Instances.FirstOrDefault()?.Listener is null ? "program" : "eventlistener"))],
            m is null ? [] : [.. m.Groups.Select(g => new CheckConfigGroup(g.Name, g.Priority, [.. g.Programs], g.Implicit))],
            m is null ? [] : [.. m.IgnoredPools.Select(p => new CheckConfigIgnored(p.Kind, p.Name, p.Priority, [.. p.Processes], [.. p.Commands]))]);
        return JsonSerializer.Serialize(report, Context.CheckConfigReport) + "\n";
    }

    // Commands are full of quotes; the default encoder would print them as \u0022.
    private static readonly CheckConfigJson Context = new(new JsonSerializerOptions(CheckConfigJson.Default.Options)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    private static CheckConfigProblem Problem(Diagnostic d) => new(d.File, d.Line, d.Message);

    private static string Plural(int n, string one, string? many = null) => $"{n} {(n == 1 ? one : many ?? one + "s")}";
}
