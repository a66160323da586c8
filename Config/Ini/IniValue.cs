using Supervice.Config.Model;
namespace Supervice.Config.Ini;

/// <summary>One `key = value` as read: the key lower-cased, the value raw (comments stripped, not expanded), and where it came from.</summary>
public sealed record IniValue(string Key, string Value, string File, int Line)
{
    public SourceLocation Location => new(File, Line);
}
