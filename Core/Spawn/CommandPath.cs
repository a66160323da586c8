using Supervice.Core.Native;

namespace Supervice.Core.Spawn;

/// <summary>`which` semantics on the daemon's PATH (never the program's environment PATH).</summary>
public static class CommandPath
{
    /// <summary>The absolute path to execute, or null when a bare name is not found on PATH.
    /// A name containing '/' is taken relative to the daemon's working directory, not the program's directory.</summary>
    public static string? Resolve(string argv0, string? pathVariable)
    {
        if (argv0.Contains('/')) return Path.GetFullPath(argv0);
        if (argv0.Length == 0) return null;
        foreach (var dir in (pathVariable ?? "/usr/local/bin:/usr/bin:/bin").Split(':'))
        {
            var candidate = Path.GetFullPath(Path.Combine(dir.Length == 0 ? "." : dir, argv0));
            if (IsExecutableFile(candidate)) return candidate;
        }
        return null;
    }

    private static unsafe bool IsExecutableFile(string path)
    {
        if (!File.Exists(path)) return false;
        using var arena = new NativeArena();
        return Libc.access(arena.String(path), Libc.X_OK) == 0;
    }
}
