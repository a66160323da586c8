namespace Supervice.Config.Ini;

/// <summary>Reads supervisord's INI dialect line by line, keeping FILE:LINE for every value.
/// Returns the sections of one file in order (duplicates not merged yet: see IniMerger).</summary>
public static class IniReader
{
    // Inside quotes of these keys a ` ;`/` #` is part of the value (shell words, quoted env values).
    private static readonly HashSet<string> QuoteAwareKeys = ["command", "environment"];

    public static List<IniSection> Read(string file, string text, List<Diagnostic> diagnostics)
    {
        var sections = new List<IniSection>();
        IniSection? current = null;
        string? lastKey = null;
        var lines = text.Replace("\r\n", "\n").Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            int lineNo = i + 1;
            var raw = lines[i].TrimEnd('\r');
            var trimmed = raw.Trim();
            bool indented = raw.Length > 0 && char.IsWhiteSpace(raw[0]);
            if (trimmed.Length == 0) { if (!indented) lastKey = null; continue; }
            if (trimmed[0] is '#' or ';') continue;
            if (indented && current is not null && lastKey is not null)
            {
                current.TryGet(lastKey, out var prev);
                var piece = StripInlineComment(raw, lastKey).Trim();
                if (piece.Length > 0)
                    current.Set(prev with { Value = prev.Value.Length == 0 ? piece : prev.Value + "\n" + piece, Line = prev.Line });
                continue;
            }
            if (trimmed[0] == '[')
            {
                var header = StripInlineComment(trimmed, "").Trim();
                int close = header.IndexOf(']');
                if (close < 0 || close != header.Length - 1)
                {
                    diagnostics.Add(new Diagnostic(file, lineNo, Severity.Error, $"malformed section header: {trimmed}"));
                    current = null; lastKey = null;
                    continue;
                }
                current = new IniSection(header[1..close].Trim(), file, lineNo);
                sections.Add(current);
                lastKey = null;
                continue;
            }
            if (current is null)
            {
                diagnostics.Add(new Diagnostic(file, lineNo, Severity.Error, $"text before the first section header: {trimmed}"));
                continue;
            }
            int sep = IndexOfSeparator(trimmed);
            if (sep <= 0)
            {
                diagnostics.Add(new Diagnostic(file, lineNo, Severity.Error,
                    sep == 0 ? $"empty key in section [{current.Name}]: {trimmed}" : $"expected 'key = value' in section [{current.Name}]: {trimmed}"));
                lastKey = null;
                continue;
            }
            var key = trimmed[..sep].Trim().ToLowerInvariant();
            var value = StripInlineComment(trimmed[(sep + 1)..], key).Trim();
            var old = current.Set(new IniValue(key, value, file, lineNo));
            if (old is not null)
                diagnostics.Add(new Diagnostic(file, lineNo, Severity.Warning,
                    $"duplicate key '{key}' in [{current.Name}]: this line wins over {old.File}:{old.Line}"));
            lastKey = key;
        }
        return sections;
    }

    private static int IndexOfSeparator(string line)
    {
        int eq = line.IndexOf('='), colon = line.IndexOf(':');
        if (eq < 0) return colon;
        if (colon < 0) return eq;
        return Math.Min(eq, colon);
    }

    /// <summary>Cuts the value at the first ` ;` or ` #` (whitespace before), outside quotes for command/environment.</summary>
    public static string StripInlineComment(string value, string key)
    {
        bool quoteAware = QuoteAwareKeys.Contains(key);
        char quote = '\0';
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (quoteAware)
            {
                if (quote != '\0') { if (c == quote) quote = '\0'; continue; }
                if (c is '"' or '\'') { quote = c; continue; }
            }
            if (c is ';' or '#' && i > 0 && char.IsWhiteSpace(value[i - 1]))
                return value[..i];
        }
        return value;
    }
}
