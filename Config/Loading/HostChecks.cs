namespace Supervice.Config.Loading;

/// <summary>Checks that depend on the machine (users, directories, readable files). They are errors by default
/// and warnings with LoadOptions.Portable. Users are looked up in /etc/passwd (no native calls in Config).</summary>
internal sealed class HostChecks(bool portable, string passwdPath = "/etc/passwd")
{
    private HashSet<string>? users;

    public Severity Severity => portable ? Severity.Warning : Severity.Error;

    public bool UserExists(string user)
    {
        if (user.Length > 0 && user.All(char.IsAsciiDigit)) return true;
        users ??= ReadUsers();
        return users.Contains(user);
    }

    private HashSet<string> ReadUsers()
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            foreach (var line in File.ReadLines(passwdPath))
            {
                int colon = line.IndexOf(':');
                if (colon > 0) set.Add(line[..colon]);
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return set;
    }

    /// <summary>Null when `path` is readable, else the reason (`does not exist` / `is not readable`).</summary>
    public static string? Unreadable(string path)
    {
        if (!File.Exists(path)) return "does not exist";
        try { using var _ = File.OpenRead(path); return null; }
        catch (UnauthorizedAccessException) { return "is not readable"; }
        catch (IOException) { return "is not readable"; }
    }
}
