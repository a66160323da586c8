using System.Text;

namespace Supervice.Config;

/// <summary>POSIX shell-word splitting (Python `shlex.split`): quotes and backslashes, `#` is not a comment,
/// no expansion. Used for `command`; nothing is ever run through a shell.</summary>
public static class ShellWords
{
    /// <summary>Returns the words, or null with `error` set (`No closing quotation`, `No escaped character`).</summary>
    public static List<string>? Split(string text, out string? error)
    {
        error = null;
        var words = new List<string>();
        var cur = new StringBuilder();
        bool inWord = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsWhiteSpace(c)) { if (inWord) { words.Add(cur.ToString()); cur.Clear(); inWord = false; } continue; }
            inWord = true;
            if (c == '\\')
            {
                if (++i >= text.Length) { error = "No escaped character"; return null; }
                if (text[i] != '\n') cur.Append(text[i]);
            }
            else if (c == '\'')
            {
                int end = text.IndexOf('\'', i + 1);
                if (end < 0) { error = "No closing quotation"; return null; }
                cur.Append(text, i + 1, end - i - 1);
                i = end;
            }
            else if (c == '"')
            {
                for (i++; ; i++)
                {
                    if (i >= text.Length) { error = "No closing quotation"; return null; }
                    char d = text[i];
                    if (d == '"') break;
                    if (d == '\\' && i + 1 < text.Length && text[i + 1] is '"' or '\\' or '$' or '`') { cur.Append(text[++i]); continue; }
                    cur.Append(d);
                }
            }
            else cur.Append(c);
        }
        if (inWord) words.Add(cur.ToString());
        return words;
    }
}
