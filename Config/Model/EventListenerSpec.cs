using System.Collections.Immutable;

namespace Supervice.Config.Model;

/// <summary>What an `[eventlistener:x]` adds to the program options: the event types it subscribes to (names as
/// written: types or supertypes), its pool's queue size, and whether bodies go to the daemon's stdout
/// (`supervisor_stdout:event_handler`) instead of being the default OK/FAIL result.</summary>
public sealed record EventListenerSpec(ImmutableArray<string> Events, int BufferSize, bool BodyToStdout);
