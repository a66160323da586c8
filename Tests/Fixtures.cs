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

    /// <summary>A fresh empty directory under the system temp dir.</summary>
    public static string TempDir()
    {
        var d = Path.Combine(Path.GetTempPath(), "supervice-tests-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(d);
        return d;
    }
}
