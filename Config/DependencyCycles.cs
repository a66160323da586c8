namespace Supervice.Config;

/// <summary>Cycle finding for `depends_on` (the loader's check and the engine's graph share it).</summary>
public static class DependencyCycles
{
    /// <summary>Every cycle reached by a depth-first walk in file order, each once, as a closed path (`a -> b -> a`),
    /// rotated to start at its earliest program in file order.</summary>
    public static List<List<string>> Find(IReadOnlyList<string> nodes, Func<string, IEnumerable<string>> next)
    {
        var order = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < nodes.Count; i++) order[nodes[i]] = i;
        var color = new Dictionary<string, int>(StringComparer.Ordinal); // 1: on the path, 2: done
        var path = new List<string>();
        var found = new List<List<string>>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        void Visit(string n)
        {
            color[n] = 1;
            path.Add(n);
            foreach (var m in next(n))
            {
                if (!order.ContainsKey(m)) continue;
                if (color.GetValueOrDefault(m) == 1)
                {
                    var loop = path.Skip(path.IndexOf(m)).ToList();
                    int first = loop.IndexOf(loop.MinBy(x => order[x])!);
                    var rotated = loop.Skip(first).Concat(loop.Take(first)).ToList();
                    if (keys.Add(string.Join("\0", rotated))) found.Add([.. rotated, rotated[0]]);
                }
                else if (color.GetValueOrDefault(m) == 0) Visit(m);
            }
            path.RemoveAt(path.Count - 1);
            color[n] = 2;
        }
        foreach (var n in nodes) if (color.GetValueOrDefault(n) == 0) Visit(n);
        return found;
    }
}
