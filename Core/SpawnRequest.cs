using System.Collections.Immutable;

namespace Supervice.Core;

/// <summary>What to run. Environment is the complete envp. Argv[0] without '/' is looked up on the daemon's PATH.</summary>
public sealed record SpawnRequest(
    string Name,
    ImmutableArray<string> Argv,
    ImmutableArray<KeyValuePair<string, string>> Environment,
    string? Directory,
    string? User,
    int? Umask,
    bool PdeathSig,
    bool RedirectStderr);
