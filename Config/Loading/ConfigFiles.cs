using Supervice.Config.Ini;
using Supervice.Config.Model;
namespace Supervice.Config.Loading;

/// <summary>Reads the main file and its `[include]` files and merges duplicate sections (last key wins, with a
/// warning naming both places). The result is the section list in first-seen order plus `[DEFAULT]`.</summary>
internal sealed class ConfigFiles
{
    public List<IniSection> Sections { get; } = [];
    public IniSection? Defaults { get; private set; }
    private readonly Dictionary<string, IniSection> byName = new(StringComparer.Ordinal);

    public static ConfigFiles Read(string mainPath, LoadOptions options, List<Diagnostic> diagnostics)
    {
        var result = new ConfigFiles();
        var main = ReadFile(mainPath, diagnostics, null);
        if (main is null) return result;
        var includes = main.Where(s => s.Name == "include").ToList();
        foreach (var s in main) result.Merge(s, diagnostics);
        foreach (var include in includes)
        {
            if (!include.TryGet("files", out var files))
            {
                diagnostics.Add(new Diagnostic(include.File, include.Line, Severity.Error, "[include] section has no 'files' key"));
                continue;
            }
            foreach (var path in ExpandGlobs(files, options, diagnostics, nested: false))
            {
                var sections = ReadFile(path, diagnostics, files.Location);
                if (sections is null) continue;
                foreach (var s in sections)
                {
                    if (s.Name == "include") { NestedInclude(s, options, diagnostics); continue; }
                    result.Merge(s, diagnostics);
                }
            }
        }
        return result;
    }

    private static List<IniSection>? ReadFile(string path, List<Diagnostic> diagnostics, SourceLocation? includedFrom)
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var reason = File.Exists(path) ? "is not readable" : "not found";
            var at = includedFrom ?? new SourceLocation(path, 0);
            diagnostics.Add(new Diagnostic(at.File, at.Line, Severity.Error, $"Config file {reason}: {path}"));
            return null;
        }
        return IniReader.Read(path, text, diagnostics);
    }

    private static List<string> ExpandGlobs(IniValue files, LoadOptions options, List<Diagnostic> diagnostics, bool nested)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(files.File)) ?? "/";
        var keys = new Dictionary<string, object>(StringComparer.Ordinal) { ["here"] = dir, ["host_node_name"] = options.HostNodeName };
        foreach (var (k, v) in options.Environment) keys["ENV_" + k] = v;
        string? error = "contains a NUL character"; // paths are C strings, as SectionReader says for every other option
        var expanded = files.Value.Contains('\0') ? null : Expansion.Expand(files.Value, keys, out error);
        if (expanded is null)
        {
            diagnostics.Add(new Diagnostic(files.File, files.Line, Severity.Error, $"[include] files: {error}"));
            return [];
        }
        var paths = new List<string>();
        foreach (var pattern in expanded.Split((char[])[' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries))
        {
            var matches = Glob.Match(Path.GetFullPath(pattern, dir));
            if (matches.Count == 0 && !nested)
                diagnostics.Add(new Diagnostic(files.File, files.Line, Severity.Warning, $"No file matches via include \"{pattern}\""));
            paths.AddRange(matches);
        }
        return paths;
    }

    /// <summary>Includes are one level deep. A nested `[include]` that names existing files is an error (those files
    /// would be silently dropped); one that matches nothing only gets a warning, as supervisord ignores it.</summary>
    private static void NestedInclude(IniSection include, LoadOptions options, List<Diagnostic> diagnostics)
    {
        if (!include.TryGet("files", out var files)) return;
        var matches = ExpandGlobs(files, options, diagnostics, nested: true);
        diagnostics.Add(matches.Count > 0
            ? new Diagnostic(files.File, files.Line, Severity.Error, "[include] inside an included file is not supported (includes are one level deep)")
            : new Diagnostic(files.File, files.Line, Severity.Warning, "[include] inside an included file is ignored (includes are one level deep; it matches no file)"));
    }

    private void Merge(IniSection section, List<Diagnostic> diagnostics)
    {
        if (section.Name == "DEFAULT")
        {
            if (Defaults is null) { Defaults = section; return; }
            foreach (var v in section.Values) MergeValue(Defaults, v, diagnostics);
            return;
        }
        if (!byName.TryGetValue(section.Name, out var existing))
        {
            byName[section.Name] = section;
            Sections.Add(section);
            return;
        }
        diagnostics.Add(new Diagnostic(section.File, section.Line, Severity.Warning,
            $"duplicate section [{section.Name}] (first at {existing.File}:{existing.Line}); the two are merged, later keys win"));
        foreach (var v in section.Values) MergeValue(existing, v, diagnostics);
    }

    private static void MergeValue(IniSection into, IniValue v, List<Diagnostic> diagnostics)
    {
        var old = into.Set(v);
        if (old is not null)
            diagnostics.Add(new Diagnostic(v.File, v.Line, Severity.Warning,
                $"duplicate key '{v.Key}' in [{into.Name}]: this line wins over {old.File}:{old.Line}"));
    }
}
