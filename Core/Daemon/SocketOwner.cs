using Supervice.Core.Native;
using Supervice.Core.Spawn;

namespace Supervice.Core.Daemon;

/// <summary>`socket_owner = user[:group]` (supervisord's `[unix_http_server] chown`): the socket file is chowned
/// to it, and members of its group may use the socket (besides root and the daemon's own uid).</summary>
public static class SocketOwner
{
    public static uint? AllowedGid(string? owner)
    {
        if (string.IsNullOrWhiteSpace(owner)) return null;
        var (user, group) = Split(owner);
        if (group is not null) return GroupId(group);
        return UserInfo.Lookup(user)?.Gid;
    }

    public static unsafe void Apply(string socketPath, string? owner)
    {
        if (string.IsNullOrWhiteSpace(owner)) return;
        var (user, group) = Split(owner);
        var info = UserInfo.Lookup(user);
        uint uid = info?.Uid ?? uint.MaxValue;
        uint gid = group is not null ? GroupId(group) ?? uint.MaxValue : info?.Gid ?? uint.MaxValue;
        using var arena = new NativeArena();
        if (Libc.chown(arena.String(socketPath), uid, gid) != 0)
            throw new Rpc.Server.RpcServerException($"cannot chown socket {socketPath} to {owner}: {Libc.StrError(Libc.Errno)}");
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
