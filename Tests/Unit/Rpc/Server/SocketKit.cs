using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Supervice.Rpc.Server;
using Supervice.Rpc.Wire;

namespace Supervice.Tests.Unit.Rpc.Server;

/// <summary>Short socket paths under /tmp, raw frames as the original's Python client builds them
/// (`struct.pack('>I', len(data)) + data` with `json.dumps` spacing), and a python3 runner.</summary>
public static class SocketKit
{
    /// <summary>A short path (socket addresses are limited to 107 bytes), 0755 so tests can connect as another user.</summary>
    public static string TempDir() => Fixtures.TempDir("svr-", (UnixFileMode)Convert.ToInt32("755", 8));

    public static byte[] PythonFrame(string json) => Framing.Encode(Encoding.UTF8.GetBytes(json));

    public static Socket Connect(string path)
    {
        var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        s.Connect(new UnixDomainSocketEndPoint(path));
        s.ReceiveTimeout = 10_000;
        return s;
    }

    /// <summary>Sends bytes, returns the reply's JSON text, or null when the server closed without one.</summary>
    public static string? Exchange(string path, byte[] bytes)
    {
        using var s = Connect(path);
        s.Send(bytes);
        return ReadReply(s);
    }

    public static string? ReadReply(Socket s)
    {
        var frame = Framing.Read(s);
        return frame.Payload is null ? null : Encoding.UTF8.GetString(frame.Payload);
    }

    public static RpcServer StartServer(string path, IRpcBackend backend, RpcServerOptions? options = null, int mode = 0x180)
    {
        var server = new RpcServer(path, mode, backend, options);
        server.Start();
        return server;
    }

    public const string SystemPython = "/usr/bin/python3";

    /// <summary>The original supervicectl's send/receive, verbatim in shape.</summary>
    public const string PythonClient = """
        import json, socket, struct, sys
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(10)
        s.connect(sys.argv[1])
        data = json.dumps(json.loads(sys.argv[2])).encode()
        s.sendall(struct.pack('>I', len(data)) + data)
        def recv_exact(n):
            buf = b''
            while len(buf) < n:
                chunk = s.recv(n - len(buf))
                if not chunk: raise ConnectionError('closed')
                buf += chunk
            return buf
        (length,) = struct.unpack('>I', recv_exact(4))
        print(json.loads(recv_exact(length).decode()))
        """;

    public static (int Exit, string Stdout, string Stderr) RunPython(string[] prefix, string socketPath, string requestJson)
    {
        var psi = new ProcessStartInfo(prefix.Length > 0 ? prefix[0] : SystemPython) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in prefix.Skip(1)) psi.ArgumentList.Add(a);
        if (prefix.Length > 0) psi.ArgumentList.Add(SystemPython);
        psi.ArgumentList.Add("-c"); psi.ArgumentList.Add(PythonClient);
        psi.ArgumentList.Add(socketPath); psi.ArgumentList.Add(requestJson);
        using var p = Process.Start(psi)!;
        var so = p.StandardOutput.ReadToEndAsync(); var se = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(20_000)) { p.Kill(true); throw new TimeoutException("python client hung"); }
        return (p.ExitCode, so.Result, se.Result);
    }
}
