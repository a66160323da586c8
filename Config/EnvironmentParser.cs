namespace Supervice.Config;

/// <summary>The original's `environment` and `env_file` parsing, kept exactly for parity (seed §1.6, §1.7).</summary>
public static class EnvironmentParser
{
    /// <summary>`FOO="a,b", BAR=baz, EMPTY=` → FOO=a,b BAR=baz EMPTY=; later duplicates win; keys case-preserved.</summary>
    public static List<KeyValuePair<string, string>> Parse(string text)
    {
        var result = new List<KeyValuePair<string, string>>();
        int i = 0, n = text.Length;
        while (true)
        {
            while (i < n && text[i] is ' ' or '\t') i++;
            if (i >= n) break;
            int eq = text.IndexOf('=', i);
            if (eq < 0) break;
            var key = text[i..eq].Trim();
            i = eq + 1;
            while (i < n && text[i] is ' ' or '\t') i++;
            string value;
            if (i >= n) { Add(result, key, ""); break; }
            if (text[i] is '"' or '\'')
            {
                char q = text[i];
                int end = text.IndexOf(q, i + 1);
                if (end < 0) { value = text[(i + 1)..]; i = n; }
                else { value = text[(i + 1)..end]; i = end + 1; }
                while (i < n && text[i] is ',' or ' ' or '\t') i++;
            }
            else
            {
                int comma = text.IndexOf(',', i);
                if (comma < 0) { value = text[i..].Trim(); i = n; }
                else { value = text[i..comma].Trim(); i = comma + 1; }
            }
            Add(result, key, value);
        }
        return result;
    }

    /// <summary>Parses an env file's text; a malformed line stops it with an error at PATH:LINE: `malformed env line (expected KEY=VALUE)`.</summary>
    public static List<KeyValuePair<string, string>> ParseFile(string path, string text, out Diagnostic? error)
    {
        error = null;
        var result = new List<KeyValuePair<string, string>>();
        var lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            int eq = line.IndexOf('=');
            var key = eq < 0 ? "" : line[..eq].Trim();
            if (key.Length == 0)
            {
                error = new Diagnostic(path, i + 1, Severity.Error, "malformed env line (expected KEY=VALUE)");
                return result;
            }
            var value = line[(eq + 1)..].Trim();
            if (value.Length >= 2 && value[0] is '"' or '\'' && value[^1] == value[0]) value = value[1..^1];
            Add(result, key, value);
        }
        return result;
    }

    /// <summary>Sets key=value, a later one replacing an earlier one in place.</summary>
    public static void Add(List<KeyValuePair<string, string>> list, string key, string value)
    {
        int at = list.FindIndex(kv => kv.Key == key);
        if (at >= 0) list[at] = new(key, value); else list.Add(new(key, value));
    }
}
