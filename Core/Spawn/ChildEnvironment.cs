using System.Collections.Immutable;
using Supervice.Config.Model;

namespace Supervice.Core.Spawn;

/// <summary>Builds a child's complete environment: the daemon's, then `[supervice] environment`, then the
/// program's own, then the names every child gets (SUPERVICE_* and supervisord's SUPERVISOR_*).
/// The daemon's own NOTIFY_SOCKET is not passed on: it addresses the daemon's service manager, and a child
/// could report READY=1 or STOPPING=1 on the daemon's behalf (the configuration may still set it).</summary>
public sealed class ChildEnvironment(IReadOnlyDictionary<string, string> daemonEnvironment)
{
    /// <summary>Variables of the daemon's own environment that are the daemon's alone.</summary>
    private static readonly string[] DaemonOnly = ["NOTIFY_SOCKET"];

    /// <summary>The daemon's environment with `[supervice] environment` applied, for the settings it was made from:
    /// shared by every program, so a start of many programs hashes it once.</summary>
    private Shared? _common;

    private sealed record Shared(SupervisorSettings Settings, Dictionary<string, string> Environment);

    public ImmutableArray<KeyValuePair<string, string>> For(SupervisorSettings settings, ProcessSpec spec)
    {
        var common = Common(settings);
        // The program's own names win, in place when the common part has them, after it otherwise.
        var own = new Dictionary<string, string>(spec.Environment.Length + 5, StringComparer.Ordinal);
        foreach (var (k, v) in spec.Environment) own[k] = v;
        own["SUPERVICE_PROCESS_NAME"] = spec.Name;
        own["SUPERVICE_GROUP_NAME"] = spec.GroupName;
        own["SUPERVISOR_ENABLED"] = "1";
        own["SUPERVISOR_PROCESS_NAME"] = spec.Name;
        own["SUPERVISOR_GROUP_NAME"] = spec.GroupName;
        var env = ImmutableArray.CreateBuilder<KeyValuePair<string, string>>(common.Count + own.Count);
        foreach (var kv in common) env.Add(own.TryGetValue(kv.Key, out var v) ? new(kv.Key, v) : kv);
        foreach (var kv in own) if (!common.ContainsKey(kv.Key)) env.Add(kv);
        return env.DrainToImmutable();
    }

    private Dictionary<string, string> Common(SupervisorSettings settings)
    {
        if (_common is { } shared && ReferenceEquals(shared.Settings, settings)) return shared.Environment;
        var env = new Dictionary<string, string>(daemonEnvironment, StringComparer.Ordinal);
        foreach (var name in DaemonOnly) env.Remove(name);
        foreach (var (k, v) in settings.Environment) env[k] = v;
        _common = new Shared(settings, env);
        return env;
    }

    /// <summary>The names the configuration sets itself (`[supervice] environment` and the program's): with
    /// `user=`, these win over the user's HOME, USER, LOGNAME and SHELL. Null without a user.</summary>
    public static IReadOnlySet<string>? Configured(SupervisorSettings settings, ProcessSpec spec)
    {
        if (spec.User is null || (settings.Environment.IsDefaultOrEmpty && spec.Environment.IsDefaultOrEmpty)) return null;
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (!settings.Environment.IsDefault) foreach (var (k, _) in settings.Environment) names.Add(k);
        if (!spec.Environment.IsDefault) foreach (var (k, _) in spec.Environment) names.Add(k);
        return names;
    }
}
