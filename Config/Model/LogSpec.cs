namespace Supervice.Config.Model;

/// <summary>One output stream's log file. Path null: no file (NONE/OFF/absent); the 64 KiB ring is kept anyway.
/// `AUTO` is already resolved to a file in childlogdir.</summary>
public sealed record LogSpec(string? Path, long MaxBytes = 50L * 1024 * 1024, int Backups = 10);
