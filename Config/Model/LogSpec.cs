namespace Supervice.Config.Model;

/// <summary>One output stream's log file. Path null: no file (NONE/OFF/absent); the 64 KiB ring is kept anyway.
/// `AUTO` is already resolved to a file in childlogdir. Console: `console`, the daemon's stdout line by line with a
/// `NAME | ` prefix (Path is then null). Timestamps: `*_log_timestamps`, each line written starts with its time.</summary>
public sealed record LogSpec(string? Path, long MaxBytes = 50L * 1024 * 1024, int Backups = 10, bool Console = false, bool Timestamps = false);
