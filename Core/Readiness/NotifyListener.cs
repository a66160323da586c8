using System.Text;
using Supervice.Core.Native;

namespace Supervice.Core.Readiness;

/// <summary>One sd_notify datagram as it arrived: the sender's pid (proved by SCM_CREDENTIALS), its process group
/// and its ancestors (read from /proc while the sender is likely still alive), and the text.</summary>
public sealed record NotifyDatagram(int Pid, int ProcessGroup, IReadOnlyList<int> Ancestors, string Text);

/// <summary>The daemon's one datagram socket for `readiness = notify` (README: Service dependencies and readiness), in the abstract namespace (no file
/// to clean up). SO_PASSCRED makes the kernel attach the sender's real pid to every datagram; a thread receives them
/// and hands them on; deciding whose they are is the loop's.</summary>
public sealed unsafe class NotifyListener : IDisposable
{
    private const int MaxDatagram = 4096;
    private readonly int _fd;
    private readonly Action<NotifyDatagram> _onDatagram;
    private volatile bool _closed;

    private NotifyListener(int fd, string address, Action<NotifyDatagram> onDatagram)
    {
        _fd = fd;
        Address = address;
        _onDatagram = onDatagram;
        new Thread(Receive) { IsBackground = true, Name = "notify-socket" }.Start();
    }

    /// <summary>The value children get as NOTIFY_SOCKET (`@name`: abstract).</summary>
    public string Address { get; }

    /// <summary>Binds the socket; null (with the reason) when it cannot be created.</summary>
    public static NotifyListener? Open(Action<NotifyDatagram> onDatagram, out string? error)
    {
        error = null;
        int fd = Libc.socket(Libc.AF_UNIX, Libc.SOCK_DGRAM | Libc.SOCK_CLOEXEC, 0);
        if (fd < 0) { error = Libc.StrError(Libc.Errno); return null; }
        var name = $"supervice-notify-{Libc.getpid()}-{Environment.TickCount64:x}";
        var addr = new Libc.SockAddrUn { Family = Libc.AF_UNIX };
        int len = Encoding.ASCII.GetBytes(name, new Span<byte>(addr.Path + 1, Libc.SockAddrUn.PathSize - 1)); // Path[0] = 0: abstract
        int one = 1;
        if (Libc.bind(fd, (byte*)&addr, Libc.SockAddrUn.PathOffset + 1 + len) != 0 || Libc.setsockopt(fd, Libc.SOL_SOCKET, Libc.SO_PASSCRED, &one, sizeof(int)) != 0)
        {
            error = Libc.StrError(Libc.Errno);
            Libc.close(fd);
            return null;
        }
        return new NotifyListener(fd, "@" + name, onDatagram);
    }

    private void Receive()
    {
        var buffer = new byte[MaxDatagram];
        const int ControlSize = 64; // room for one SCM_CREDENTIALS message (CMSG_SPACE(sizeof(ucred)) = 32)
        byte* control = stackalloc byte[ControlSize];
        while (!_closed)
        {
            int pid = 0;
            nint n;
            fixed (byte* data = buffer)
            {
                var iov = new Libc.IoVec { Base = data, Length = MaxDatagram };
                var msg = new Libc.MsgHdr { Iov = &iov, IovLength = 1, Control = control, ControlLength = ControlSize };
                n = Libc.recvmsg(_fd, &msg, Libc.MSG_CMSG_CLOEXEC);
                if (n < 0) { if (Libc.Interrupted(n)) continue; return; } // anything else: the socket is gone
                var head = (Libc.CMsgHdr*)control; // then its data: struct ucred
                if (msg.ControlLength >= sizeof(Libc.CMsgHdr) + sizeof(Libc.UCred) && head->Level == Libc.SOL_SOCKET && head->Type == Libc.SCM_CREDENTIALS)
                    pid = ((Libc.UCred*)(control + sizeof(Libc.CMsgHdr)))->Pid;
            }
            if (pid <= 0 || n == 0) continue;
            var (pgid, ancestors) = Lineage(pid);
            _onDatagram(new NotifyDatagram(pid, pgid, ancestors, Encoding.UTF8.GetString(buffer, 0, (int)n)));
        }
    }

    /// <summary>The sender's process group and parent chain from /proc/PID/stat; (0, []) once it is gone.</summary>
    private static (int Pgid, List<int> Ancestors) Lineage(int pid)
    {
        var ancestors = new List<int>();
        int pgid = 0;
        for (int current = pid, depth = 0; current > 1 && depth < 64; depth++)
        {
            if (Stat(current) is not var (ppid, group)) break;
            if (current == pid) pgid = group;
            ancestors.Add(ppid);
            current = ppid;
        }
        return (pgid, ancestors);
    }

    private static (int Ppid, int Pgid)? Stat(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            return (int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture), int.Parse(fields[2], System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException) { return null; }
    }

    public void Dispose()
    {
        _closed = true;
        Libc.shutdown(_fd, Libc.SHUT_RDWR);
    }
}
