using System.Collections.Immutable;

namespace Supervice.Config.Model;

/// <summary>A group: explicit `[group:NAME]` or the implicit one-program group named after the program.</summary>
public sealed record GroupConfig(string Name, int Priority, ImmutableArray<string> Programs, bool Implicit);
