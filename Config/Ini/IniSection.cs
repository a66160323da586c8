using Supervice.Config.Model;
namespace Supervice.Config.Ini;

/// <summary>A `[name]` section: its keys in first-seen order (a later duplicate replaces the value but keeps the order).</summary>
public sealed class IniSection(string name, string file, int line)
{
    private readonly List<string> order = [];
    private readonly Dictionary<string, IniValue> values = new(StringComparer.Ordinal);

    public string Name { get; } = name;
    public string File { get; } = file;
    public int Line { get; } = line;
    public SourceLocation Location => new(File, Line);

    public IEnumerable<IniValue> Values => order.Select(k => values[k]);

    public bool TryGet(string key, out IniValue value) => values.TryGetValue(key, out value!);

    /// <summary>Sets a key; returns the value it replaced, if any.</summary>
    public IniValue? Set(IniValue value)
    {
        values.TryGetValue(value.Key, out var old);
        if (old is null) order.Add(value.Key);
        values[value.Key] = value;
        return old;
    }
}
