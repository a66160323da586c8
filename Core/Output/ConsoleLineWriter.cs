using System.Text;
using Supervice.Core.Native.Streams;

namespace Supervice.Core.Output;

/// <summary>One `*_logfile = console` stream: cuts its bytes into lines and hands each to <see cref="ConsoleLog"/>
/// as `NAME | line`. A partial line waits for its end at most <see cref="FlushAfterMs"/> or until it reaches
/// <see cref="MaxPendingBytes"/>, then goes out as a line of its own. The flush timer is armed only while a partial
/// line waits, so a quiet stream costs no wake-ups.</summary>
public sealed class ConsoleLineWriter : IDisposable
{
    public const int MaxPendingBytes = 64 * 1024;
    public const int FlushAfterMs = 1000;

    private readonly Lock _lock = new();
    private readonly byte[] _prefix;
    private readonly Stream _stdout;
    private readonly byte[] _pending = new byte[MaxPendingBytes];
    private int _pendingLength;
    private byte[] _out = [];
    private Timer? _timer;
    private bool _timerArmed, _disposed;

    public ConsoleLineWriter(string name, Stream? stdout = null)
    {
        _prefix = Encoding.UTF8.GetBytes(name + " | ");
        _stdout = stdout ?? CliOutput.Stdout;
    }

    public void Write(ReadOnlySpan<byte> data)
    {
        lock (_lock)
        {
            if (_disposed) return;
            int length = 0;
            while (!data.IsEmpty)
            {
                int nl = data.IndexOf((byte)'\n');
                if (nl < 0)
                {
                    int room = MaxPendingBytes - _pendingLength;
                    if (data.Length < room) { data.CopyTo(_pending.AsSpan(_pendingLength)); _pendingLength += data.Length; break; }
                    data[..room].CopyTo(_pending.AsSpan(_pendingLength)); // a line this long goes out in 64 KiB pieces
                    _pendingLength += room;
                    data = data[room..];
                    Append(ref length, []);
                    continue;
                }
                Append(ref length, data[..nl]);
                data = data[(nl + 1)..];
            }
            if (length > 0) ConsoleLog.Write(_stdout, _out.AsSpan(0, length));
            Arm(_pendingLength > 0);
        }
    }

    /// <summary>Adds `prefix + pending + line + \n` to the output buffer and empties the pending bytes.</summary>
    private void Append(ref int length, ReadOnlySpan<byte> line)
    {
        int need = length + _prefix.Length + _pendingLength + line.Length + 1;
        if (_out.Length < need) Array.Resize(ref _out, Math.Max(need, _out.Length * 2));
        var o = _out.AsSpan();
        _prefix.CopyTo(o[length..]); length += _prefix.Length;
        _pending.AsSpan(0, _pendingLength).CopyTo(o[length..]); length += _pendingLength;
        line.CopyTo(o[length..]); length += line.Length;
        o[length++] = (byte)'\n';
        _pendingLength = 0;
    }

    private void Arm(bool wanted)
    {
        if (wanted == _timerArmed) return;
        _timerArmed = wanted;
        if (wanted) (_timer ??= new Timer(_ => Flush(), null, Timeout.Infinite, Timeout.Infinite)).Change(FlushAfterMs, Timeout.Infinite);
        else _timer?.Change(Timeout.Infinite, Timeout.Infinite);
    }

    /// <summary>Sends a waiting partial line now (the timer, and the end of the stream).</summary>
    public void Flush()
    {
        lock (_lock)
        {
            _timerArmed = false;
            if (_pendingLength == 0 || _disposed) return;
            int length = 0;
            Append(ref length, []);
            ConsoleLog.Write(_stdout, _out.AsSpan(0, length));
        }
    }

    public void Dispose()
    {
        Flush();
        lock (_lock) { _disposed = true; _timer?.Dispose(); _timer = null; }
    }
}
