using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Supervice.Rpc.Metrics;

/// <summary>A growing UTF-8 text in an array rented from the shared pool: a scrape of 1000 processes writes ~1 MiB,
/// and a fresh array of that size per scrape is a large-object allocation that costs a full GC. Give it back with
/// <see cref="Dispose"/>. <see cref="Reserve"/> bytes stay free at the front for a response head.</summary>
public sealed class Utf8Text : IDisposable
{
    private byte[] _buffer;
    private readonly int _start;
    private int _end;

    public Utf8Text(int capacity, int reserve = 0)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(256, capacity + reserve));
        _start = _end = reserve;
    }

    public int Reserve => _start;
    public int Length => _end - _start;
    public ReadOnlySpan<byte> Written => _buffer.AsSpan(_start, Length);
    /// <summary>The whole array: the reserved front, then the text.</summary>
    public byte[] Buffer => _buffer;

    public Utf8Text Append(ReadOnlySpan<byte> utf8)
    {
        utf8.CopyTo(Room(utf8.Length));
        _end += utf8.Length;
        return this;
    }

    public Utf8Text Append(byte b)
    {
        Room(1)[0] = b;
        _end++;
        return this;
    }

    public Utf8Text Append(string text) => Append(text.AsSpan());

    public Utf8Text Append(ReadOnlySpan<char> text)
    {
        int max = Encoding.UTF8.GetMaxByteCount(text.Length);
        _end += Encoding.UTF8.GetBytes(text, Room(max));
        return this;
    }

    /// <summary>The most bytes <see cref="Format"/> writes.</summary>
    public const int MaxNumber = 32;

    /// <summary>As double.ToString("R", invariant) would write it, without the string; whole numbers take the integer path.</summary>
    public Utf8Text Append(double v)
    {
        _end += Format(v, Room(MaxNumber));
        return this;
    }

    /// <summary>Writes <paramref name="v"/> as double.ToString("R", invariant) would into <paramref name="into"/> (at least
    /// <see cref="MaxNumber"/> bytes); the bytes written.</summary>
    public static int Format(double v, Span<byte> into)
    {
        int n;
        if (v == Math.Floor(v) && Math.Abs(v) < 1e15 && !(v == 0 && double.IsNegative(v)))
            Utf8Formatter.TryFormat((long)v, into, out n);
        else if (double.IsNaN(v)) "NaN"u8.CopyTo(into[..(n = 3)]);
        else if (double.IsInfinity(v)) (v > 0 ? "+Inf"u8 : "-Inf"u8).CopyTo(into[..(n = 4)]);
        else v.TryFormat(into, out n, "R", CultureInfo.InvariantCulture);
        return n;
    }

    /// <summary>At least <paramref name="bytes"/> writable bytes at the end of the text; <see cref="Advance"/> then keeps
    /// what was written into them.</summary>
    public Span<byte> Grow(int bytes) => Room(bytes)[..bytes];

    public void Advance(int bytes) => _end += bytes;

    private Span<byte> Room(int bytes)
    {
        if (_buffer.Length - _end < bytes)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _end + bytes));
            _buffer.AsSpan(0, _end).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }
        return _buffer.AsSpan(_end);
    }

    public override string ToString() => Encoding.UTF8.GetString(Written);

    public void Dispose()
    {
        if (_buffer.Length == 0) return;
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
        _end = _start;
    }
}
