using System.Collections.Immutable;

namespace Supervice.Config.Model;

/// <summary>An `[eventlistener:x]` or `[fcgi-program:x]` section: read and named as supervisord would, never run
/// (check-config lists it so a migration can see what is left behind).</summary>
public sealed record IgnoredPool(string Kind, string Name, int Priority, ImmutableArray<string> Processes, ImmutableArray<string> Commands);
