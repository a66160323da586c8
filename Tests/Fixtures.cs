namespace Supervice.Tests;

/// <summary>Locates Tests/Fixtures in the checkout (tests run from Tests/bin/...), and makes scratch directories.</summary>
public static class Fixtures
{
    public static string Dir
    {
        get
        {
            var dir = AppContext.BaseDirectory;
            while (dir is not null && !System.IO.File.Exists(Path.Combine(dir, "Supervice.csproj")))
                dir = Path.GetDirectoryName(dir);
            return Path.Combine(dir ?? ".", "Tests", "Fixtures");
        }
    }

    public static string File(params string[] parts) => System.IO.Path.Combine([Dir, .. parts]);

    /// <summary>The one scratch-directory helper: a fresh empty directory under the system temp dir, mode 0700, or the
    /// mode given (socket tests that connect as another user need 0755).</summary>
    public static string TempDir(string prefix = "supervice-tests-", UnixFileMode? mode = null)
    {
        var d = Directory.CreateTempSubdirectory(prefix).FullName;
        if (mode is { } m) System.IO.File.SetUnixFileMode(d, m);
        return d;
    }
}
