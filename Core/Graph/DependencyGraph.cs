using Supervice.Config.Model;

namespace Supervice.Core.Graph;

/// <summary>The programs' `depends_on` edges as a pure graph (README: Service dependencies and readiness): who depends on whom, topological levels
/// (0: depends on nothing), the transitive dependencies of one program, and cycles. Built once per config; the loop
/// asks it only "whose dependents to re-evaluate", so a state change costs its dependents, not all processes.</summary>
public sealed class DependencyGraph
{
    private static readonly IReadOnlyList<Dependency> NoEdges = [];
    private static readonly IReadOnlyList<string> NoNames = [];
    private readonly List<string> _programs;
    private readonly Dictionary<string, IReadOnlyList<Dependency>> _dependencies = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _dependents = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _level = new(StringComparer.Ordinal);

    public DependencyGraph(IEnumerable<(string Program, IReadOnlyList<Dependency> DependsOn)> programs)
    {
        _programs = new List<string>();
        foreach (var (name, deps) in programs)
        {
            _programs.Add(name);
            _dependencies[name] = deps;
        }
        foreach (var name in _programs)
            foreach (var d in _dependencies[name])
            {
                if (!_dependencies.ContainsKey(d.Program)) continue;
                if (!_dependents.TryGetValue(d.Program, out var list)) _dependents[d.Program] = list = new List<string>();
                list.Add(name);
            }
        ComputeLevels();
    }

    public static DependencyGraph From(ConfigModel model)
        => new(model.Programs.Select(p => (p.Name, (IReadOnlyList<Dependency>)(p.Instances.IsDefaultOrEmpty ? [] : [.. p.Instances[0].DependsOn]))));

    public static readonly DependencyGraph Empty = new([]);

    public IReadOnlyList<Dependency> DependenciesOf(string program) => _dependencies.GetValueOrDefault(program) ?? NoEdges;

    public IReadOnlyList<string> DependentsOf(string program) => _dependents.GetValueOrDefault(program) ?? NoNames;

    /// <summary>0 for a program without dependencies, else one more than its deepest dependency. Programs on a cycle
    /// (only possible in unit tests: the loader rejects cycles) get no level: -1.</summary>
    public int Level(string program) => _level.GetValueOrDefault(program, -1);

    /// <summary>The programs level by level, each level in file order.</summary>
    public List<List<string>> Levels()
        => _programs.Where(_level.ContainsKey).GroupBy(p => _level[p]).OrderBy(g => g.Key).Select(g => g.ToList()).ToList();

    /// <summary>Every program `program` needs, transitively, dependencies before dependents (the order to start them).</summary>
    public List<string> Closure(string program)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var order = new List<string>();
        void Visit(string n)
        {
            foreach (var d in DependenciesOf(n))
                if (_dependencies.ContainsKey(d.Program) && seen.Add(d.Program)) { Visit(d.Program); order.Add(d.Program); }
        }
        seen.Add(program);
        Visit(program);
        return order;
    }

    /// <summary>Each cycle once, as a closed path starting at its earliest program: `web -> api -> db -> web`.</summary>
    public List<List<string>> Cycles()
        => Config.DependencyCycles.Find(_programs, n => DependenciesOf(n).Select(d => d.Program));

    // Kahn's algorithm: linear in programs + edges.
    private void ComputeLevels()
    {
        var pending = new Dictionary<string, int>(StringComparer.Ordinal);
        var ready = new Queue<string>();
        foreach (var n in _programs)
        {
            pending[n] = _dependencies[n].Count(d => _dependencies.ContainsKey(d.Program));
            if (pending[n] == 0) { _level[n] = 0; ready.Enqueue(n); }
        }
        while (ready.Count > 0)
        {
            var n = ready.Dequeue();
            foreach (var m in DependentsOf(n))
            {
                _level[m] = Math.Max(_level.GetValueOrDefault(m), _level[n] + 1);
                if (--pending[m] == 0) ready.Enqueue(m);
            }
        }
        foreach (var n in _programs) if (pending[n] > 0) _level.Remove(n);
    }
}
