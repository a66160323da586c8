using System.Collections.Immutable;
using Supervice.Config.Model;

namespace Supervice.Config;

/// <summary>The outcome of a load: the model (null when there is any error) and every diagnostic found.</summary>
public sealed record LoadResult(ConfigModel? Model, ImmutableArray<Diagnostic> Diagnostics)
{
    public bool Ok => Model is not null && !Diagnostics.Any(d => d.Severity == Severity.Error);
}
