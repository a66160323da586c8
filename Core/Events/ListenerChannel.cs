using Supervice.Core.Native;

namespace Supervice.Core.Events;

/// <summary>How a write to a listener's stdin went: all in the pipe, some kept for later (the pipe is full), or failed
/// (Errno says why; EPIPE when the listener closed its stdin).</summary>
public enum StdinWrite { Done, Pending, Failed }

/// <summary>One run of one listener instance: the write end of its stdin, its protocol state and the event it is
/// working on (sent again at the head of the queue if the run ends or rejects it). The stdin is non-blocking: what the
/// pipe does not take is kept here, in order, and written when the pipe has room (supervisord's input_buffer).</summary>
public sealed unsafe class ListenerChannel
{
    private byte[] _pending = [];
    private int _pendingStart, _pendingEnd;

    public ListenerChannel(int pid, int stdinFd)
    {
        Pid = pid;
        StdinFd = stdinFd;
        if (stdinFd >= 0) Libc.fcntl(stdinFd, Libc.F_SETFL, Libc.fcntl(stdinFd, Libc.F_GETFL, 0) | Libc.O_NONBLOCK);
    }

    public int Pid { get; }
    public int StdinFd { get; set; }
    public ListenerProtocol Protocol { get; } = new();
    public SupervisorEvent? InFlight { get; set; }
    public long InFlightPoolSerial { get; set; }
    public int PendingBytes => _pendingEnd - _pendingStart;
    public int Errno { get; private set; }

    /// <summary>Writes header then payload as far as the pipe takes them now and keeps the rest, never waiting.</summary>
    public StdinWrite Write(ReadOnlySpan<byte> header, ReadOnlySpan<byte> payload)
    {
        if (PendingBytes > 0)
        {
            Keep(header);
            Keep(payload);
            return Flush();
        }
        int n = WriteNow(header);
        if (n < 0) return StdinWrite.Failed;
        if (n < header.Length)
        {
            Keep(header[n..]);
            Keep(payload);
            return StdinWrite.Pending;
        }
        n = WriteNow(payload);
        if (n < 0) return StdinWrite.Failed;
        if (n == payload.Length) return StdinWrite.Done;
        Keep(payload[n..]);
        return StdinWrite.Pending;
    }

    /// <summary>Writes kept bytes as far as the pipe takes them now.</summary>
    public StdinWrite Flush()
    {
        if (PendingBytes == 0) return StdinWrite.Done;
        int n = WriteNow(_pending.AsSpan(_pendingStart, PendingBytes));
        if (n < 0) return StdinWrite.Failed;
        _pendingStart += n;
        if (PendingBytes > 0) return StdinWrite.Pending;
        Drop();
        return StdinWrite.Done;
    }

    /// <summary>Forgets the kept bytes (the run ended, or its stdin failed).</summary>
    public void Drop()
    {
        _pending = [];
        _pendingStart = _pendingEnd = 0;
    }

    private void Keep(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty) return;
        if (_pendingEnd + data.Length > _pending.Length)
        {
            var grown = new byte[Math.Max(PendingBytes + data.Length, _pending.Length * 2)];
            _pending.AsSpan(_pendingStart, PendingBytes).CopyTo(grown);
            _pendingEnd = PendingBytes;
            _pendingStart = 0;
            _pending = grown;
        }
        data.CopyTo(_pending.AsSpan(_pendingEnd));
        _pendingEnd += data.Length;
    }

    /// <summary>Bytes written before the pipe was full (0 when it already was), or -1 on an error.</summary>
    private int WriteNow(ReadOnlySpan<byte> data)
    {
        int done = 0;
        fixed (byte* p = data)
        {
            while (done < data.Length)
            {
                var n = Libc.write(StdinFd, p + done, data.Length - done);
                if (n >= 0) { done += (int)n; continue; }
                var errno = Libc.Errno;
                if (errno == Libc.EINTR) continue;
                if (errno == Libc.EAGAIN) break;
                Errno = errno;
                Drop();
                return -1;
            }
        }
        return done;
    }
}
