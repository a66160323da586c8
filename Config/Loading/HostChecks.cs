namespace Supervice.Config.Loading;

/// <summary>Checks that depend on the machine (users, directories, readable files). They are errors by default
/// and warnings with LoadOptions.Portable. Users are looked up in /etc/passwd (no native calls in Config).</summary>
internal sealed class HostChecks(bool portable, string passwdPath = "/etc/passwd", string groupPath = "/etc/group")
{
    private HashSet<string>? users, groups;

    public Severity Severity => portable ? Severity.Warning : Severity.Error;

    public bool UserExists(string user)
    {
        if (user.Length > 0 && user.All(char.IsAsciiDigit)) return true;
        users ??= ReadUsers();
        return users.Contains(user);
    }

    public bool GroupExists(string group)
    {
        if (group.Length > 0 && group.All(char.IsAsciiDigit)) return true;
        groups ??= ReadNames(groupPath);
        return groups.Contains(group);
    }

    private HashSet<string> ReadUsers() => ReadNames(passwdPath);

    /// <summary>The first field of each line of a passwd-format file.</summary>
    private static HashSet<string> ReadNames(string path)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            foreach (var line in File.ReadLines(path))
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
