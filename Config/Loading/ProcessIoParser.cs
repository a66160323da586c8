using System.Collections.Immutable;
using Supervice.Config.Model;

namespace Supervice.Config.Loading;

/// <summary>A program's log files (`stdout_logfile` and the like) and its environment (`env_file`, then `environment`).</summary>
internal sealed class ProcessIoParser(LoadContext context, SectionReader r)
{
    private const long DefaultMaxBytes = 50L * 1024 * 1024;

    public LogSpec Log(string stream, string processName, int numprocs)
    {
        var key = stream + "_logfile";
        var maxBytes = r.Bytes(key + "_maxbytes", DefaultMaxBytes);
        var backups = r.Int(key + "_backups", 10, 0);
        var timestamps = r.Bool(stream + "_log_timestamps", false);
        var value = r.String(key)?.Trim();
        if (string.IsNullOrEmpty(value) || value.Equals("NONE", StringComparison.OrdinalIgnoreCase) || value.Equals("OFF", StringComparison.OrdinalIgnoreCase))
            return new LogSpec(null, maxBytes, backups, Timestamps: timestamps);
        if (value.Equals("console", StringComparison.OrdinalIgnoreCase))
            return new LogSpec(null, maxBytes, backups, Console: true, Timestamps: timestamps);
        if (value.Equals("AUTO", StringComparison.OrdinalIgnoreCase))
        {
            var dir = context.Settings.AutoLogDir;
            return new LogSpec(Path.Combine(dir, $"{processName.Replace(':', '_')}-{stream}.log"), maxBytes, backups, Timestamps: timestamps);
        }
        var path = Path.GetFullPath(value, context.Options.WorkingDirectory);
        var parent = Path.GetDirectoryName(path);
        if (parent is not null && !Directory.Exists(parent))
            r.Report(r.At(key), context.Host.Severity, $"log directory '{parent}' does not exist");
        bool device = path.StartsWith("/dev/", StringComparison.Ordinal) || path.StartsWith("/proc/", StringComparison.Ordinal);
        if (numprocs > 1 && !device && r.Find(key)?.Value.Contains("%(process_num)", StringComparison.Ordinal) == false)
            r.Warning(key, $"{key}={value} has no %(process_num)s but numprocs={numprocs}; all instances will write to the same file with interleaved output");
        return new LogSpec(path, maxBytes, backups, Timestamps: timestamps);
    }

    /// <summary>env_file files in order (later wins), then `environment` over them. env_file is read now, by the
    /// loader, so a root-only file can feed an unprivileged child.</summary>
    public ImmutableArray<KeyValuePair<string, string>> Environment()
    {
        var merged = new List<KeyValuePair<string, string>>();
        var files = r.String("env_file");
        if (files is not null)
        {
            foreach (var part in files.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var path = Path.GetFullPath(part, context.Options.WorkingDirectory);
                var problem = HostChecks.Unreadable(path);
                if (problem is not null) { r.Report(r.At("env_file"), context.Host.Severity, $"env_file '{path}' {problem}"); continue; }
                var values = EnvironmentParser.ParseFile(path, File.ReadAllText(path), out var error);
                if (error is not null) r.Report(new SourceLocation(error.File, error.Line), Severity.Error, error.Message);
                foreach (var (k, v) in values) EnvironmentParser.Add(merged, k, v);
            }
        }
        foreach (var (k, v) in r.Environment()) EnvironmentParser.Add(merged, k, v);
        return [.. merged];
    }
}
