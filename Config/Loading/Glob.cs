using System.Text;
using System.Text.RegularExpressions;

namespace Supervice.Config;

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
                var regex = new Regex("^" + ToRegex(segments[s]) + "$", RegexOptions.CultureInvariant);
                try
                {
                    var entries = last ? Directory.EnumerateFiles(dir) : Directory.EnumerateDirectories(dir);
                    foreach (var e in entries)
                    {
                        var name = Path.GetFileName(e);
                        if (name.StartsWith('.') && !segments[s].StartsWith('.')) continue;
                        if (regex.IsMatch(name)) next.Add(e);
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

    private static string ToRegex(string segment)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < segment.Length; i++)
        {
            char c = segment[i];
            if (c == '*') sb.Append(".*");
            else if (c == '?') sb.Append('.');
            else if (c == '[' && segment.IndexOf(']', i + 1) is int end and > 0)
            {
                var body = segment[(i + 1)..end];
                if (body.StartsWith('!')) body = "^" + body[1..];
                sb.Append('[').Append(body.Replace("\\", "\\\\")).Append(']');
                i = end;
            }
            else sb.Append(Regex.Escape(c.ToString()));
        }
        return sb.ToString();
    }
}
