using System.Text.Json;
using Supervice.Config.Model;
using Supervice.Core.Daemon;
using Supervice.Core.Native;
using Supervice.Core.Native.Files;

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

    /// <summary>The records of a file; malformed records are skipped, a missing or unreadable file gives none. A file
    /// another user could have written (not owned by the daemon's uid, writable by group or others, a symlink, not a
    /// regular file) is ignored and `warning` says why: its records would name processes for us to signal.</summary>
    public static unsafe List<StateRecord> Read(string path, out string? warning)
    {
        warning = null;
        int fd;
        using (var arena = new NativeArena()) fd = Libc.open(arena.String(path), Libc.O_RDONLY | Libc.O_NOFOLLOW | Libc.O_NONBLOCK | Libc.O_CLOEXEC, 0);
        if (fd < 0)
        {
            var errno = Libc.Errno;
            if (errno == Libc.ENOENT) return [];
            warning = Libc.LStat(path) is { Type: not Libc.S_IFREG } seen
                ? $"ignoring state file {path}: it is {Libc.TypeName(seen.Type)}, not a regular file; no orphans of a previous daemon are reconciled"
                : $"cannot read state file {path}: {Libc.StrError(errno)}; no orphans of a previous daemon are reconciled";
            return [];
        }
        try
        {
            if (Untrusted(path, Libc.StatFd(fd)) is { } why) { warning = why; return []; }
            using var stream = new FileStream(new Microsoft.Win32.SafeHandles.SafeFileHandle(fd, ownsHandle: false), FileAccess.Read);
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            return Parse(buffer.ToArray());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            warning = $"cannot read state file {path}: {e.Message}; no orphans of a previous daemon are reconciled";
            return [];
        }
        finally { Libc.close(fd); }
    }

    /// <summary>Why an open state file must not be trusted, or null.</summary>
    internal static string? Untrusted(string path, Libc.FileInfo? info)
    {
        const string Consequence = "; its records are ignored and no orphans of a previous daemon are reconciled";
        if (info is not { } st) return $"ignoring state file {path}: it cannot be examined{Consequence}";
        if (st.Type != Libc.S_IFREG) return $"ignoring state file {path}: it is {Libc.TypeName(st.Type)}, not a regular file{Consequence}";
        var self = Libc.geteuid();
        if (st.Uid != self) return $"ignoring state file {path}: it is owned by uid {st.Uid}, not by the daemon's uid {self}{Consequence}";
        if ((st.Permissions & 0x12) != 0) return $"ignoring state file {path}: it is writable by {((st.Permissions & 0x2) != 0 ? "others" : "its group")} (mode {Convert.ToString(st.Permissions, 8).PadLeft(4, '0')}){Consequence}";
        return null;
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

    /// <summary>Temp file (O_EXCL|O_NOFOLLOW, 0600) + write + fsync + rename + fsync of the directory, so a crash
    /// mid-write leaves the old file whole and a symlink at the path is replaced, never followed. Returns the error, or null.</summary>
    public static string? Write(string path, IEnumerable<StateRecord> records) => SafeFile.ReplaceFile(path, Serialize(records), FileMode, out _);

    private const int FileMode = 0x180; // 0600
}
