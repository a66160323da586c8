using System.Diagnostics;
using System.Text.Json;

namespace Supervice.Tests.EndToEnd.Faults;

/// <summary>What fault tests read from outside the daemon: /proc figures, every state at once, marked processes.</summary>
public static class FaultKit
{
    public static long RssKb(int pid) => StatusField(pid, "VmRSS:");

    public static int FdCount(int pid) => Directory.GetFiles($"/proc/{pid}/fd").Length;

    private static long StatusField(int pid, string field)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            if (line.StartsWith(field, StringComparison.Ordinal))
                return long.Parse(line[field.Length..].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)[0]);
        return 0;
    }

    public static bool IsRoot => StatusField(Environment.ProcessId, "Uid:") == 0;

    /// <summary>name → (state, pid) from one `ctl --json status`.</summary>
    public static Dictionary<string, (string State, int Pid)> States(Daemon d)
    {
        var r = d.Ctl("--json", "status");
        var result = new Dictionary<string, (string, int)>();
        if (r.ExitCode != 0 && !r.Stdout.TrimStart().StartsWith('{')) return result;
        using var doc = JsonDocument.Parse(r.Stdout);
        if (!doc.RootElement.TryGetProperty("processes", out var processes)) return result;
        foreach (var p in processes.EnumerateArray())
            result[p.GetProperty("name").GetString()!] = (p.GetProperty("state").GetString()!,
                p.TryGetProperty("pid", out var pid) && pid.ValueKind == JsonValueKind.Number ? pid.GetInt32() : 0);
        return result;
    }

    public static bool AllRunning(Daemon d, int count)
    {
        var s = States(d);
        return s.Count == count && s.Values.All(v => v.State == "RUNNING");
    }

    /// <summary>Live processes whose command line contains marker (a unique `sleep` duration per test).</summary>
    public static List<int> WithMarker(string marker)
    {
        var found = new List<int>();
        foreach (var p in Proc.All())
        {
            if (p.State == 'Z') continue;
            try { if (File.ReadAllText($"/proc/{p.Pid}/cmdline").Replace('\0', ' ').Contains(marker)) found.Add(p.Pid); }
            catch (IOException) { }
        }
        return found;
    }

    public static List<Proc.ProcStat> Zombies(int parent) => Proc.Children(parent).Where(c => c.State == 'Z').ToList();

    public static double TimeMs(Action action)
    {
        var sw = Stopwatch.StartNew();
        action();
        return sw.Elapsed.TotalMilliseconds;
    }

    /// <summary>A `sleep` duration unique to this call, so a test can find exactly its own processes.</summary>
    public static string Marker() => $"{Random.Shared.Next(100_000, 999_999)}.{Random.Shared.Next(100, 999)}";
}
