using System.Net.Sockets;

namespace Supervice.Core.Daemon;

/// <summary>systemd's sd_notify protocol: datagrams like `READY=1` to $NOTIFY_SOCKET (Type=notify units).</summary>
public static class NotifySocket
{
    public static void Send(string message)
    {
        var path = Environment.GetEnvironmentVariable("NOTIFY_SOCKET");
        if (string.IsNullOrEmpty(path)) return;
        if (path[0] == '@') path = "\0" + path[1..]; // abstract namespace
        try
        {
            using var s = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
            s.Connect(new UnixDomainSocketEndPoint(path));
            s.Send(System.Text.Encoding.UTF8.GetBytes(message));
        }
        catch (SocketException) { } // not under systemd after all: nothing to tell
    }
}
