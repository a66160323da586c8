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

    public ImmutableArray<KeyValuePair<string, string>> For(SupervisorSettings settings, ProcessSpec spec)
    {
        var env = new Dictionary<string, string>(daemonEnvironment, StringComparer.Ordinal);
        foreach (var name in DaemonOnly) env.Remove(name);
        foreach (var (k, v) in settings.Environment) env[k] = v;
        foreach (var (k, v) in spec.Environment) env[k] = v;
        env["SUPERVICE_PROCESS_NAME"] = spec.Name;
        env["SUPERVICE_GROUP_NAME"] = spec.GroupName;
        env["SUPERVISOR_ENABLED"] = "1";
        env["SUPERVISOR_PROCESS_NAME"] = spec.Name;
        env["SUPERVISOR_GROUP_NAME"] = spec.GroupName;
        return env.ToImmutableArray();
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
