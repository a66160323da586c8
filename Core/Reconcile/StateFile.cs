using System.Text.Json;
using Supervice.Config.Model;
using Supervice.Core.Daemon;

namespace Supervice.Core.Reconcile;

/// <summary>The reconcile memory: `{"version": 1, "children": [...]}` beside the pid file (`/run/sv.pid` →
/// `/run/.sv.state.json`) unless `state_file` names it. Per daemon by construction, written atomically
/// (temp file in the same directory, fsync, rename); a missing or corrupt file is simply no memory.</summary>
public static class StateFile
{
    public const int Version = 1;

    public static string PathFor(SupervisorSettings settings, string workingDirectory)
    {
        if (settings.StateFile is { } explicitPath) return Path.GetFullPath(explicitPath, workingDirectory);
        var pid = Path.GetFullPath(settings.PidFile ?? "supervice.pid", workingDirectory);
        var name = Path.GetFileName(pid);
        var stem = name.EndsWith(".pidfile", StringComparison.Ordinal) ? name[..^8]
            : name.EndsWith(".pid", StringComparison.Ordinal) ? name[..^4] : name;
        if (stem.Length == 0) stem = "supervice";
        return Path.Combine(Path.GetDirectoryName(pid) ?? workingDirectory, $".{stem}.state.json");
    }

    /// <summary>The records of a file; malformed records are skipped, an unreadable file gives none.</summary>
    public static List<StateRecord> Read(string path)
    {
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return []; }
        return Parse(bytes);
    }

    public static List<StateRecord> Parse(ReadOnlySpan<byte> json)
    {
        var records = new List<StateRecord>();
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 8 });
            using var doc = JsonDocument.ParseValue(ref reader);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("version", out var v) || v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out var version) || version != Version
                || !root.TryGetProperty("children", out var children) || children.ValueKind != JsonValueKind.Array)
                return records;
            foreach (var child in children.EnumerateArray())
                if (ParseRecord(child) is { } r) records.Add(r);
        }
        catch (JsonException) { }
        return records;
    }

    private static StateRecord? ParseRecord(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Object) return null;
        if (!e.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(name.GetString())) return null;
        if (!e.TryGetProperty("pid", out var pid) || pid.ValueKind != JsonValueKind.Number || !pid.TryGetInt32(out var pidValue) || pidValue <= 0) return null;
        if (!e.TryGetProperty("token", out var token) || token.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(token.GetString())) return null;
        int pgid = e.TryGetProperty("pgid", out var g) && g.ValueKind == JsonValueKind.Number && g.TryGetInt32(out var gv) && gv > 0 ? gv : 0;
        bool pdeathsig = e.TryGetProperty("pdeathsig", out var d) && d.ValueKind == JsonValueKind.True;
        var policy = ReconcilePolicy.Auto;
        if (e.TryGetProperty("reconcile", out var rc))
        {
            if (rc.ValueKind != JsonValueKind.String) return null;
            switch (rc.GetString()!.Trim().ToLowerInvariant())
            {
                case "auto": policy = ReconcilePolicy.Auto; break;
                case "kill": policy = ReconcilePolicy.Kill; break;
                case "warn": policy = ReconcilePolicy.Warn; break;
                case "off": policy = ReconcilePolicy.Off; break;
                default: return null;
            }
        }
        return new StateRecord(name.GetString()!, pidValue, pgid, token.GetString()!, pdeathsig, policy);
    }

    public static byte[] Serialize(IEnumerable<StateRecord> records)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteNumber("version", Version);
            w.WriteStartArray("children");
            foreach (var r in records)
            {
                w.WriteStartObject();
                w.WriteString("name", r.Name);
                w.WriteNumber("pid", r.Pid);
                w.WriteNumber("pgid", r.Pgid);
                w.WriteString("token", r.Token);
                w.WriteBoolean("pdeathsig", r.PdeathSig);
                w.WriteString("reconcile", PolicyName(r.Reconcile));
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }

    public static string PolicyName(ReconcilePolicy p) => p switch
    {
        ReconcilePolicy.Kill => "kill",
        ReconcilePolicy.Warn => "warn",
        ReconcilePolicy.Off => "off",
        _ => "auto",
    };

    /// <summary>Temp file (0600) + fsync + rename, so a crash mid-write leaves the old file whole. Returns the error, or null.</summary>
    public static string? Write(string path, IEnumerable<StateRecord> records)
    {
        var dir = Path.GetDirectoryName(path) ?? ".";
        var temp = Path.Combine(dir, $".supervice-state-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            var options = new FileStreamOptions
            {
                Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            };
            using (var f = new FileStream(temp, options))
            {
                f.Write(Serialize(records));
                f.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            try { File.Delete(temp); } catch (Exception d) when (d is IOException or UnauthorizedAccessException) { }
            return e.Message;
        }
    }
}
