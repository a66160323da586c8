using System.Collections.Immutable;
using Supervice.Config.Ini;
using Supervice.Config.Model;

namespace Supervice.Config.Loading;

/// <summary>One `[eventlistener:NAME]`: the program options (group = the pool name, priority -1 by default) plus
/// `events`, `buffer_size` and `result_handler` (README: Event listeners).</summary>
internal sealed class EventListenerParser(LoadContext context, ProgramSectionParser programs)
{
    private const string StdoutHandler = "supervisor_stdout:event_handler";

    public ProgramConfig? Parse(IniSection section, string name)
    {
        var prefix = $"Event listener '{name}': ";
        var r = new SectionReader(section, context.Files.Defaults, context.BaseKeys(name, name), context.Diagnostics, prefix);
        var events = Events(r);
        int bufferSize = r.Int("buffer_size", 10, 1);
        bool bodyToStdout = false;
        var handler = r.String("result_handler")?.Trim();
        if (handler is { Length: > 0 } && handler != "supervisor.dispatchers:default_handler")
        {
            if (handler == StdoutHandler) bodyToStdout = true;
            else r.Warning("result_handler", $"result_handler '{handler}' is not supported (the default handler applies: a body of OK acknowledges)");
        }
        if (r.Bool("redirect_stderr", false))
            r.Error("redirect_stderr", "redirect_stderr = true is not allowed for an event listener (its stdout is the protocol)");
        var program = programs.Parse(section, name, name, listener: true);
        if (program is null || events is null) return null;
        var listener = new EventListenerSpec(events.Value, bufferSize, bodyToStdout);
        return program with { Instances = [.. program.Instances.Select(s => s with { Listener = listener, StdoutEvents = false, StderrEvents = false })] };
    }

    private static ImmutableArray<string>? Events(SectionReader r)
    {
        var text = r.String("events");
        if (string.IsNullOrWhiteSpace(text)) { r.Error("events", "events is required (comma-separated event types, e.g. PROCESS_STATE_FATAL)"); return null; }
        var names = new List<string>();
        bool bad = false;
        foreach (var raw in text.Split(','))
        {
            var name = raw.Trim();
            if (name.Length == 0) continue;
            if (!EventNames.IsKnown(name))
            {
                var suggestion = KnownKeys.Suggest(name.ToUpperInvariant(), EventNames.All);
                r.Error("events", $"unknown event type '{name}'" + (suggestion is null ? "" : $"; did you mean '{suggestion}'?"));
                bad = true;
                continue;
            }
            names.Add(name);
        }
        return bad || names.Count == 0 ? null : [.. names];
    }
}
