using Supervice.Core.Spawn;

namespace Supervice.Core.Daemon;

/// <summary>`socket_owner = user[:group]` (supervisord's `[unix_http_server] chown`): the socket node is given
/// that owner before it listens, and members of its group may use the socket (besides root and the daemon's own uid).</summary>
public static class SocketOwner
{
    public static uint? AllowedGid(string? owner)
    {
        if (string.IsNullOrWhiteSpace(owner)) return null;
        var (user, group) = Split(owner);
        if (group is not null) return GroupId(group);
        return UserInfo.Lookup(user)?.Gid;
    }

    /// <summary>The uid and gid the socket node gets (applied by the binder before listen); null when no owner is
    /// set. An unknown user or group is a config error (check-config reports it); here it is the message.</summary>
    public static (uint Uid, uint Gid)? Resolve(string? owner, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(owner)) return null;
        var (user, group) = Split(owner);
        var info = UserInfo.Lookup(user);
        uint? uid = info?.Uid ?? (uint.TryParse(user, out var n) ? n : null);
        uint? gid = group is not null ? GroupId(group) : info?.Gid;
        if (uid is null) error = $"socket_owner '{owner}': no such user '{user}'";
        else if (gid is null) error = group is null ? $"socket_owner '{owner}': user '{user}' has no primary group; name one as user:group" : $"socket_owner '{owner}': no such group '{group}'";
        return error is null ? (uid!.Value, gid!.Value) : null;
    }

    private static (string User, string? Group) Split(string owner)
    {
        var i = owner.IndexOf(':');
        return i < 0 ? (owner.Trim(), null) : (owner[..i].Trim(), owner[(i + 1)..].Trim());
    }

    /// <summary>Reads /etc/group (the group database of every Linux system we target).</summary>
    public static uint? GroupId(string name)
    {
        if (uint.TryParse(name, out var numeric)) return numeric;
        try
        {
            foreach (var line in File.ReadLines("/etc/group"))
            {
                var f = line.Split(':');
                if (f.Length >= 3 && f[0] == name && uint.TryParse(f[2], out var gid)) return gid;
            }
        }
        catch (IOException) { }
        return null;
    }
}
