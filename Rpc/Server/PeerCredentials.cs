using System.Globalization;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Supervice.Core.Native;

namespace Supervice.Rpc.Server;

/// <summary>Who is on the other end of a Unix socket (SO_PEERCRED), and whether they may talk to us.</summary>
public readonly record struct PeerCredentials(int Pid, uint Uid, uint Gid)
{
    public static unsafe PeerCredentials Of(Socket socket)
    {
        Span<byte> raw = stackalloc byte[sizeof(Libc.UCred)];
        socket.GetRawSocketOption(Libc.SOL_SOCKET, Libc.SO_PEERCRED, raw);
        var cred = MemoryMarshal.Read<Libc.UCred>(raw);
        return new(cred.Pid, cred.Uid, cred.Gid);
    }

    /// <summary>Root, our own uid, or a member of the allowed group (primary gid, or supplementary groups as
    /// /proc lists them for the peer's pid).</summary>
    public bool IsAllowed(uint selfUid, uint? allowedGid)
    {
        if (Uid == 0 || Uid == selfUid) return true;
        if (allowedGid is not { } g) return false;
        return Gid == g || SupplementaryGroups(Pid).Contains(g);
    }

    private static uint[] SupplementaryGroups(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/status"))
            {
                if (!line.StartsWith("Groups:", StringComparison.Ordinal)) continue;
                return line[7..].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)
                    .Select(s => uint.TryParse(s, CultureInfo.InvariantCulture, out var g) ? g : uint.MaxValue).ToArray();
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return [];
    }
}
