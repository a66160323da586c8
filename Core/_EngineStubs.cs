// TEMPORARY: stand-ins for the engine branch's types so the loop compiles; deleted at merge.
using System.Collections.Immutable;
using Supervice.Config;
namespace Supervice.Core;
public sealed record SpawnRequest(string Name, ImmutableArray<string> Argv, ImmutableArray<KeyValuePair<string, string>> Environment, string? Directory, string? User, int? Umask, bool PdeathSig, bool RedirectStderr);
public readonly record struct SpawnOutcome(int Pid, int PidFd, int StdoutFd, int StderrFd, string? Error, bool Permanent);
public sealed class Spawner { public SpawnOutcome Spawn(SpawnRequest r) => throw new NotImplementedException(); }
public readonly record struct ChildExit(int Pid, int ExitCode, int Signal, bool CoreDumped);
public sealed class Reaper : IDisposable { public Reaper(Action<ChildExit> onExit) { } public void Watch(int pid, int pidFd) { } public void Dispose() { } }
public sealed class OutputCapture : IDisposable { public void Attach(int fd, OutputSink sink, Action onClosed) { } public void Dispose() { } }
public sealed class OutputSink { public OutputSink(string processName, string streamName, LogSpec spec) { } public void Append(ReadOnlySpan<byte> b) { } public void Reopen() { } public void Reconfigure(LogSpec s) { } }
public static class Signals { public static void Send(int pid, int sig, bool group) { } public static void KillGroupQuietly(int pgid, int sig) { } public static void ResetToDefault(int sig) { } public static void IgnorePipe() { } }
