using System.Net;
using System.Net.Sockets;
using Supervice.Config.Model;

namespace Supervice.Rpc.Server;

/// <summary>The `[inet_http_server]` listener: `*:PORT` is every address (IPv6 dual-stack where there is IPv6),
/// a name is resolved once at start-up. Failures are an <see cref="RpcServerException"/> with a plain message.</summary>
public static class TcpBinder
{
    public static Socket Listen(InetHttpServer inet)
    {
        IPAddress address;
        try
        {
            address = inet.Host.Length == 0 ? (Socket.OSSupportsIPv6 ? IPAddress.IPv6Any : IPAddress.Any)
                : inet.Host == "localhost" ? IPAddress.Loopback
                : IPAddress.TryParse(inet.Host, out var ip) ? ip
                : Dns.GetHostAddresses(inet.Host).First();
        }
        catch (Exception e) when (e is SocketException or InvalidOperationException)
        {
            throw new RpcServerException($"cannot listen on {inet}: the host name does not resolve");
        }
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (address.Equals(IPAddress.IPv6Any)) socket.DualMode = true;
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(new IPEndPoint(address, inet.Port));
            socket.Listen(64);
            return socket;
        }
        catch (SocketException e)
        {
            socket.Dispose();
            var why = e.SocketErrorCode switch
            {
                SocketError.AddressAlreadyInUse => "the address is already in use",
                SocketError.AccessDenied => "permission denied",
                SocketError.AddressNotAvailable => "the address is not one of this host's",
                _ => e.SocketErrorCode.ToString(),
            };
            throw new RpcServerException($"cannot listen on {inet}: {why}");
        }
    }
}
