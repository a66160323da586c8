using System.Globalization;
using Supervice.Rpc.Messages;

namespace Supervice.Rpc.XmlRpc;

/// <summary>supervisord's view of a process: its state codes, its getProcessInfo struct (with the description
/// supervisorctl prints), and its `group:name` namespecs.</summary>
public static class ProcessInfo
{
    public const int Stopped = 0, Starting = 10, Running = 20, Backoff = 30, Stopping = 40, Exited = 100, Fatal = 200, Unknown = 1000;

    /// <summary>WAITING and UNHEALTHY are reported as STARTING and RUNNING (README: HTTP and XML-RPC).</summary>
    public static int Code(string state) => state switch
    {
        "STOPPED" => Stopped, "STARTING" or "WAITING" => Starting, "RUNNING" or "UNHEALTHY" => Running, "BACKOFF" => Backoff,
        "STOPPING" => Stopping, "EXITED" => Exited, "FATAL" => Fatal, _ => Unknown,
    };

    public static string StateName(int code) => code switch
    {
        Stopped => "STOPPED", Starting => "STARTING", Running => "RUNNING", Backoff => "BACKOFF", Stopping => "STOPPING",
        Exited => "EXITED", Fatal => "FATAL", _ => "UNKNOWN",
    };

    /// <summary>supervisord's RUNNING_STATES (start refuses, stop acts) and SIGNALLABLE_STATES.</summary>
    public static bool IsRunning(ProcessStatus p) => Code(p.State) is Running or Backoff or Starting;

    public static bool IsSignallable(ProcessStatus p) => Code(p.State) is Running or Starting or Stopping;

    public static string Group(ProcessStatus p) => p.Group ?? p.Name;

    /// <summary>The name within its group: our `worker:00` in group `worker` is supervisord's process `00`.</summary>
    public static string LocalName(ProcessStatus p)
        => p.Name.Length > Group(p).Length + 1 && p.Name.StartsWith(Group(p) + ":", StringComparison.Ordinal) ? p.Name[(Group(p).Length + 1)..] : p.Name;

    public static Dictionary<string, object> Struct(ProcessStatus p, long now)
    {
        int state = Code(p.State);
        long start = p.Start ?? 0, stop = p.Stop ?? 0;
        var spawnerr = p.SpawnError ?? (state is Fatal or Backoff ? "Exited too quickly (process log may have details)" : "");
        return new Dictionary<string, object>
        {
            ["name"] = LocalName(p),
            ["group"] = Group(p),
            ["start"] = start,
            ["stop"] = stop,
            ["now"] = now,
            ["state"] = state,
            ["statename"] = StateName(state),
            ["spawnerr"] = spawnerr,
            ["exitstatus"] = p.ExitCode ?? 0,
            ["logfile"] = p.StdoutLogfile ?? "",
            ["stdout_logfile"] = p.StdoutLogfile ?? "",
            ["stderr_logfile"] = p.StderrLogfile ?? "",
            ["pid"] = p.Pid ?? 0,
            ["description"] = Description(p, state, start, stop, now, spawnerr),
        };
    }

    private static string Description(ProcessStatus p, int state, long start, long stop, long now, string spawnerr)
    {
        var detail = p.Info is { Length: > 0 } info && p.State is "WAITING" or "UNHEALTHY" ? $" ({p.State.ToLowerInvariant()}: {info})" : "";
        switch (state)
        {
            case Running:
                return $"pid {p.Pid ?? 0}, uptime {Uptime(Math.Max(0, now - start))}{detail}";
            case Fatal or Backoff:
                return spawnerr.Length > 0 ? spawnerr : $"unknown error (try \"tail {p.Name}\")";
            case Stopped or Exited:
                if (start == 0) return "Not started";
                return DateTimeOffset.FromUnixTimeSeconds(stop).ToLocalTime().ToString("MMM dd hh:mm tt", CultureInfo.InvariantCulture);
            default:
                return detail.TrimStart();
        }
    }

    /// <summary>Python's str(timedelta): `0:01:02`, `1 day, 2:03:04`, `3 days, 0:00:00`.</summary>
    public static string Uptime(long seconds)
    {
        long days = seconds / 86400, rest = seconds % 86400;
        var clock = $"{rest / 3600}:{rest / 60 % 60:00}:{rest % 60:00}";
        return days == 0 ? clock : $"{days} day{(days == 1 ? "" : "s")}, {clock}";
    }

    /// <summary>supervisord's make_namespec: `name` when the group has the process's name, else `group:name`.</summary>
    public static string Namespec(ProcessStatus p) => Group(p) == LocalName(p) ? p.Name : $"{Group(p)}:{LocalName(p)}";

    /// <summary>supervisord's split_namespec: `g:*` and `g:` name the group (process null), `g:p` one process,
    /// `p` the process p of group p. Our process names may themselves hold a colon (`worker:00`), so an exact process
    /// name matches too.</summary>
    public static bool Resolve(IReadOnlyList<ProcessStatus> all, string spec, out string group, out ProcessStatus? process)
    {
        process = null;
        int colon = spec.IndexOf(':');
        string? name;
        if (colon >= 0)
        {
            group = spec[..colon];
            name = spec[(colon + 1)..];
            if (name is "" or "*") name = null;
        }
        else { group = spec; name = spec; }
        var g = group;
        if (name is null) return all.Any(p => Group(p) == g);
        var n = name;
        process = all.FirstOrDefault(p => Group(p) == g && LocalName(p) == n) ?? all.FirstOrDefault(p => p.Name == spec);
        if (process is not null) group = Group(process);
        return process is not null;
    }

    /// <summary>supervisord's order for the group and `*All*` verbs: group priority, group name, process priority, name.</summary>
    public static IEnumerable<ProcessStatus> ByPriority(IEnumerable<ProcessStatus> all, IReadOnlyDictionary<string, (int Group, int Process)> priorities)
        => all.OrderBy(p => priorities.TryGetValue(p.Name, out var x) ? x.Group : 999).ThenBy(Group, StringComparer.Ordinal)
            .ThenBy(p => priorities.TryGetValue(p.Name, out var x) ? x.Process : 999).ThenBy(LocalName, StringComparer.Ordinal);

    public static Dictionary<string, object> Result(ProcessStatus p, int status, string description) => new()
    {
        ["name"] = LocalName(p),
        ["group"] = Group(p),
        ["status"] = status,
        ["description"] = description,
    };
}
