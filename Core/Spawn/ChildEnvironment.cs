using System.Collections.Immutable;
using Supervice.Config.Model;

namespace Supervice.Core.Spawn;

/// <summary>Builds a child's complete environment: the daemon's, then `[supervice] environment`, then the
/// program's own, then the names every child gets (SUPERVICE_* and supervisord's SUPERVISOR_*).</summary>
public sealed class ChildEnvironment(IReadOnlyDictionary<string, string> daemonEnvironment)
{
    public ImmutableArray<KeyValuePair<string, string>> For(SupervisorSettings settings, ProcessSpec spec)
    {
        var env = new Dictionary<string, string>(daemonEnvironment, StringComparer.Ordinal);
        foreach (var (k, v) in settings.Environment) env[k] = v;
        foreach (var (k, v) in spec.Environment) env[k] = v;
        env["SUPERVICE_PROCESS_NAME"] = spec.Name;
        env["SUPERVICE_GROUP_NAME"] = spec.GroupName;
        env["SUPERVISOR_ENABLED"] = "1";
        env["SUPERVISOR_PROCESS_NAME"] = spec.Name;
        env["SUPERVISOR_GROUP_NAME"] = spec.GroupName;
        return env.ToImmutableArray();
    }
}
