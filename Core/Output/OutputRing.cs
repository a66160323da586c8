using System.Runtime.InteropServices;
using System.Text;

namespace Supervice.Core.Output;

/// <summary>The latest bytes of one stream (64 KiB by default), addressed by absolute offsets so followers
/// (`tail -f`) can resume where they stopped. Thread-safe. The buffer lives in native memory and is allocated on
/// the first byte: a thousand silent programs cost nothing, and a thousand chatty ones do not press the GC heap.</summary>
public sealed unsafe class OutputRing(int capacity = 64 * 1024) : IDisposable
{
    private readonly Lock _lock = new();
    private byte* _mem;
    private long _total, _cleared;
    private bool _disposed;

    public int Capacity => capacity;

    public long TotalBytes { get { lock (_lock) return _total; } }

    private Span<byte> Buf => new(_mem, capacity);

    public void Append(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty) return;
        lock (_lock)
        {
            if (_disposed) return; // a released program's pipe may still deliver its last bytes
            if (_mem == null) _mem = (byte*)NativeMemory.Alloc((nuint)capacity);
            _total += data.Length;
            if (data.Length > capacity) data = data[^capacity..];
            int pos = (int)((_total - data.Length) % capacity);
            int first = Math.Min(data.Length, capacity - pos);
            data[..first].CopyTo(Buf[pos..]);
            data[first..].CopyTo(Buf);
        }
    }

    public byte[] TailBytes(int maxBytes)
    {
        lock (_lock)
        {
            long start = Math.Max(Math.Max(0, _total - capacity), _total - Math.Max(0, maxBytes));
            return CopyFrom(start);
        }
    }

    /// <summary>The last `lines` lines; a final newline does not start an extra empty line.</summary>
    public string TailLines(int lines) => Encoding.UTF8.GetString(TailLineBytes(lines, out _));

    /// <summary>The bytes of the last `lines` lines, and the offset just past them (where a follower continues), read
    /// together so that no byte appended meanwhile is both in the lines and after the offset.</summary>
    public byte[] TailLineBytes(int lines, out long end)
    {
        byte[] bytes;
        lock (_lock)
        {
            end = _total;
            bytes = CopyFrom(Math.Max(0, _total - capacity));
        }
        if (lines <= 0 || bytes.Length == 0) return [];
        int last = bytes.Length, i = last;
        if (bytes[last - 1] == (byte)'\n') i--;
        int found = 0;
        while (i > 0)
        {
            if (bytes[i - 1] == (byte)'\n' && ++found == lines) break;
            i--;
        }
        return i == 0 ? bytes : bytes[i..];
    }

    /// <summary>Bytes from `offset` on (from the oldest retained byte when `offset` is older); false when nothing is new.</summary>
    public bool TryReadFrom(long offset, out byte[] bytes, out long next)
    {
        lock (_lock)
        {
            next = _total;
            if (offset >= _total) { bytes = []; return false; }
            bytes = CopyFrom(Math.Max(Math.Max(0, offset), _total - capacity));
            return true;
        }
    }

    /// <summary>Forgets the retained bytes (supervisord's clear); offsets stay monotonic so followers keep going.</summary>
    public void Clear()
    {
        lock (_lock) _cleared = _total;
    }

    private byte[] CopyFrom(long start)
    {
        start = Math.Max(start, _cleared);
        if (_mem == null || start >= _total) return [];
        var result = new byte[_total - start];
        int pos = (int)(start % capacity);
        int first = Math.Min(result.Length, capacity - pos);
        Buf.Slice(pos, first).CopyTo(result);
        Buf[..(result.Length - first)].CopyTo(result.AsSpan(first));
        return result;
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_mem != null) NativeMemory.Free(_mem);
            _mem = null;
            _disposed = true;
        }
        GC.SuppressFinalize(this);
    }

    ~OutputRing() { if (_mem != null) NativeMemory.Free(_mem); }
}
