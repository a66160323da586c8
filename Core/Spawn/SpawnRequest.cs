using System.Collections.Immutable;

namespace Supervice.Core.Spawn;

/// <summary>What to run. Environment is the complete envp. Argv[0] without '/' is looked up on the daemon's PATH.
/// LargeStdout/LargeStderr ask for 1 MiB pipes (streams that go to a log file): fast for chatty programs, while
/// silent ones keep the default and do not spend an unprivileged user's pipe-user-pages-soft budget.
/// Configured names the variables the configuration sets itself: they win over the identity `user=` implies.
/// StdinPipe: stdin is a pipe from the daemon (event listeners) instead of /dev/null.
/// CgroupProcs: the cgroup.procs file of the program's own group: the child is created in that group (clone3), or joins it
/// before the program runs where clone3 is refused.
/// ReadyFd is N of `readiness = fd:N` (0: none): the write end of a pipe is placed there.</summary>
public sealed record SpawnRequest(
    string Name,
    ImmutableArray<string> Argv,
    ImmutableArray<KeyValuePair<string, string>> Environment,
    string? Directory,
    string? User,
    int? Umask,
    bool PdeathSig,
    bool RedirectStderr,
    bool LargeStdout = true,
    bool LargeStderr = true,
    IReadOnlySet<string>? Configured = null,
    string? CgroupProcs = null,
    int ReadyFd = 0,
    bool StdinPipe = false);
