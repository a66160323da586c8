using System.Text;

namespace Supervice.Core;

/// <summary>The latest bytes of one stream (64 KiB by default), addressed by absolute offsets so followers
/// (`tail -f`) can resume where they stopped. Thread-safe.</summary>
public sealed class OutputRing(int capacity = 64 * 1024)
{
    private readonly byte[] _buf = new byte[capacity];
    private readonly Lock _lock = new();
    private long _total;

    public int Capacity => _buf.Length;

    public long TotalBytes { get { lock (_lock) return _total; } }

    public void Append(ReadOnlySpan<byte> data)
    {
        lock (_lock)
        {
            _total += data.Length;
            if (data.Length > _buf.Length) data = data[^_buf.Length..];
            int pos = (int)((_total - data.Length) % _buf.Length);
            int first = Math.Min(data.Length, _buf.Length - pos);
            data[..first].CopyTo(_buf.AsSpan(pos));
            data[first..].CopyTo(_buf);
        }
    }

    public byte[] TailBytes(int maxBytes)
    {
        lock (_lock)
        {
            long start = Math.Max(Math.Max(0, _total - _buf.Length), _total - Math.Max(0, maxBytes));
            return CopyFrom(start);
        }
    }

    /// <summary>The last `lines` lines; a final newline does not start an extra empty line.</summary>
    public string TailLines(int lines)
    {
        var bytes = TailBytes(_buf.Length);
        if (lines <= 0 || bytes.Length == 0) return "";
        int end = bytes.Length, i = end;
        if (bytes[end - 1] == (byte)'\n') i--;
        int found = 0;
        while (i > 0)
        {
            if (bytes[i - 1] == (byte)'\n' && ++found == lines) break;
            i--;
        }
        return Encoding.UTF8.GetString(bytes, i, end - i);
    }

    /// <summary>Bytes from `offset` on (from the oldest retained byte when `offset` is older); false when nothing is new.</summary>
    public bool TryReadFrom(long offset, out byte[] bytes, out long next)
    {
        lock (_lock)
        {
            next = _total;
            if (offset >= _total) { bytes = []; return false; }
            bytes = CopyFrom(Math.Max(Math.Max(0, offset), _total - _buf.Length));
            return true;
        }
    }

    private byte[] CopyFrom(long start)
    {
        var result = new byte[_total - start];
        int pos = (int)(start % _buf.Length);
        int first = Math.Min(result.Length, _buf.Length - pos);
        _buf.AsSpan(pos, first).CopyTo(result);
        _buf.AsSpan(0, result.Length - first).CopyTo(result.AsSpan(first));
        return result;
    }
}
