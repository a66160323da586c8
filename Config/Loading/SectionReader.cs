using Supervice.Config.Ini;
using Supervice.Config.Model;
namespace Supervice.Config.Loading;

/// <summary>Reads typed, expanded values from one section (falling back to `[DEFAULT]`), reporting each problem
/// at the value's FILE:LINE with the section's message prefix (`Program 'web': `).</summary>
internal sealed class SectionReader(IniSection section, IniSection? defaults, Dictionary<string, object> keys, List<Diagnostic> diagnostics, string prefix)
{
    public IniSection Section => section;
    public Dictionary<string, object> Keys => keys;
    public string Prefix => prefix;

    public bool Has(string key) => Find(key) is not null;

    public IniValue? Find(string key) =>
        section.TryGet(key, out var v) ? v : defaults is not null && defaults.TryGet(key, out var d) ? d : null;

    /// <summary>Where to report a problem with `key`: its own line, else the section header.</summary>
    public SourceLocation At(string key) => Find(key)?.Location ?? section.Location;

    public void Error(string key, string message) => Report(At(key), Severity.Error, message);
    public void Warning(string key, string message) => Report(At(key), Severity.Warning, message);
    public void Report(SourceLocation at, Severity severity, string message) =>
        diagnostics.Add(new Diagnostic(at.File, at.Line, severity, prefix + message));

    /// <summary>The expanded value, or null when absent or when expansion failed (reported).</summary>
    public string? String(string key)
    {
        var v = Find(key);
        if (v is null) return null;
        keys["here"] = Path.GetDirectoryName(Path.GetFullPath(v.File)) ?? "/";
        var expanded = Expansion.Expand(v.Value, keys, out var error);
        if (expanded is null) Report(v.Location, Severity.Error, $"{key}: {error}");
        if (expanded is not null && expanded.Contains('\0'))
        {
            // No option can hold a NUL (paths, argv and environment are C strings); reject it here, once.
            Report(v.Location, Severity.Error, $"{key}: contains a NUL character");
            return null;
        }
        return expanded;
    }

    public bool Bool(string key, bool fallback)
    {
        var s = String(key);
        if (s is null) return fallback;
        var b = ValueParser.Bool(s);
        if (b is null) Error(key, $"invalid boolean for {key}: '{s}' (expected true/false, yes/no, on/off, 1/0)");
        return b ?? fallback;
    }

    public int Int(string key, int fallback, int min = int.MinValue, string? minMessage = null)
    {
        var s = String(key);
        if (s is null) return fallback;
        var n = ValueParser.Int(s);
        if (n is null) { Error(key, $"{key}: invalid literal for int() with base 10: '{s}'"); return fallback; }
        if (n < min)
        {
            Error(key, minMessage ?? (min == 0 ? $"{key} must be non-negative, got {n}" : $"{key} must be at least {min}, got {n}"));
            return fallback;
        }
        return n.Value;
    }

    public long Bytes(string key, long fallback)
    {
        var s = String(key);
        if (s is null) return fallback;
        var n = ValueParser.Bytes(s);
        if (n is null) Error(key, $"invalid byte size for {key}: '{s}' (expected a number, optionally with KB, MB or GB)");
        return n ?? fallback;
    }

    public int? Octal(string key)
    {
        var s = String(key);
        if (s is null) return null;
        var n = ValueParser.Octal(s);
        if (n is null) Error(key, $"invalid octal value for {key}: '{s}'");
        return n;
    }

    public int Signal(string key, int fallback)
    {
        var s = String(key);
        if (s is null) return fallback;
        var n = Signals.Parse(s);
        if (n is null) Error(key, $"invalid {key} '{s}'. Valid signals: {Signals.ValidNames}");
        return n ?? fallback;
    }

    /// <summary>`environment` expanded then parsed with 0.4.1's algorithm; entries with an empty name are dropped.</summary>
    public System.Collections.Immutable.ImmutableArray<KeyValuePair<string, string>> Environment()
    {
        var text = String("environment");
        if (text is null) return [];
        var list = EnvironmentParser.Parse(text);
        if (list.RemoveAll(kv => kv.Key.Length == 0) > 0) Warning("environment", "environment entry with an empty name ignored");
        return [.. list];
    }

    /// <summary>A path resolved against the working directory; null when absent or empty.</summary>
    public string? FullPath(string key, string workingDirectory)
    {
        var s = String(key);
        return string.IsNullOrWhiteSpace(s) ? null : Path.GetFullPath(s, workingDirectory);
    }
}
