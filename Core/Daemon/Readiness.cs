using Supervice.Core.Native;

namespace Supervice.Core.Daemon;

/// <summary>Tells whoever started the daemon that it is ready or why it failed: the launcher over the pipe on
/// fd 3 (detached mode), and systemd over $NOTIFY_SOCKET (Type=notify).</summary>
public sealed class Readiness(int pipeFd)
{
    public const int PipeFd = 3;
    private int _fd = pipeFd;

    public void Ready(int pid)
    {
        Send($"READY {pid}\n");
        NotifySocket.Send($"READY=1\nMAINPID={pid}");
    }

    public void Failed(string message) => Send($"ERROR {message.Replace('\n', ' ')}\n");

    private unsafe void Send(string line)
    {
        if (_fd < 0) return;
        var bytes = System.Text.Encoding.UTF8.GetBytes(line);
        fixed (byte* p = bytes) Libc.write(_fd, p, bytes.Length);
        Libc.close(_fd);
        _fd = -1;
    }
}
