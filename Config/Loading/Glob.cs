
namespace Supervice.Config.Loading;

/// <summary>Shell-style globbing (`*`, `?`, `[...]` in any path segment) for `[include] files`, results sorted.</summary>
internal static class Glob
{
    public static List<string> Match(string pattern)
    {
        var full = Path.GetFullPath(pattern);
        if (!HasWildcard(full)) return File.Exists(full) ? [full] : [];
        var segments = full.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var current = new List<string> { "/" };
        for (int s = 0; s < segments.Length; s++)
        {
            bool last = s == segments.Length - 1;
            var next = new List<string>();
            foreach (var dir in current)
            {
                if (!HasWildcard(segments[s]))
                {
                    var p = Path.Combine(dir, segments[s]);
                    if (last ? File.Exists(p) : Directory.Exists(p)) next.Add(p);
                    continue;
                }
                try
                {
                    var entries = last ? Directory.EnumerateFiles(dir) : Directory.EnumerateDirectories(dir);
                    foreach (var e in entries)
                    {
                        var name = Path.GetFileName(e);
                        if (name.StartsWith('.') && !segments[s].StartsWith('.')) continue;
                        if (Matches(segments[s], name)) next.Add(e);
                    }
                }
                catch (IOException) { }
                catch (UnauthorizedAccessException) { }
            }
            current = next;
        }
        current.Sort(StringComparer.Ordinal);
        return current;
    }

    private static bool HasWildcard(string s) => s.IndexOfAny(['*', '?', '[']) >= 0;

    /// <summary>fnmatch for one path segment: `*`, `?`, `[abc]`, `[a-z]`, `[!x]`; anything else literal.</summary>
    public static bool Matches(ReadOnlySpan<char> pattern, ReadOnlySpan<char> name)
    {
        while (!pattern.IsEmpty)
        {
            char c = pattern[0];
            if (c == '*')
            {
                var rest = pattern[1..];
                for (int i = 0; i <= name.Length; i++)
                    if (Matches(rest, name[i..])) return true;
                return false;
            }
            if (name.IsEmpty) return false;
            if (c == '[' && pattern[1..].IndexOf(']') is int close and >= 0)
            {
                var set = pattern.Slice(1, close);
                bool negate = !set.IsEmpty && set[0] == '!';
                if (negate) set = set[1..];
                bool hit = false;
                for (int i = 0; i < set.Length; i++)
                {
                    if (i + 2 < set.Length && set[i + 1] == '-') { hit |= name[0] >= set[i] && name[0] <= set[i + 2]; i += 2; }
                    else hit |= name[0] == set[i];
                }
                if (hit == negate) return false;
                pattern = pattern[(close + 2)..];
            }
            else
            {
                if (c != '?' && c != name[0]) return false;
                pattern = pattern[1..];
            }
            name = name[1..];
        }
        return name.IsEmpty;
    }
}
