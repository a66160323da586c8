using System.Globalization;
using System.Text;

namespace Supervice.Core.Output;

/// <summary>`*_log_timestamps = true`: puts the local time (`2026-12-02T10:04:05.123+01:00 `, ISO 8601 with
/// milliseconds and offset) at the start of every line. A line split across reads is stamped once, at its first
/// byte; every line that starts in one read gets that read's time (its bytes arrived together). One instance per
/// stream, used by one capture worker at a time; the output buffer is reused, so nothing is allocated per read once
/// it has grown to the largest read.</summary>
public sealed class LineStamper
{
    public const int StampLength = 30; // "yyyy-MM-ddTHH:mm:ss.fffzzz" (29) + a space

    private readonly Func<DateTimeOffset> _clock;
    private readonly byte[] _stamp = new byte[StampLength];
    private byte[] _buffer = [];
    private bool _atLineStart = true;

    public LineStamper(Func<DateTimeOffset>? clock = null) => _clock = clock ?? (() => DateTimeOffset.Now);

    /// <summary>The read with a stamp before each line that begins in it. The span is valid until the next call.</summary>
    public ReadOnlySpan<byte> Stamp(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty) return data;
        int starts = (_atLineStart ? 1 : 0) + data[..^1].Count((byte)'\n');
        if (starts == 0) { _atLineStart = data[^1] == (byte)'\n'; return data; }
        Format(_clock());
        int size = data.Length + starts * StampLength;
        if (_buffer.Length < size) _buffer = new byte[Math.Max(size, _buffer.Length * 2)];
        var output = _buffer.AsSpan();
        int written = 0;
        var rest = data;
        if (_atLineStart) { _stamp.CopyTo(output); written = StampLength; }
        while (true)
        {
            int nl = rest.IndexOf((byte)'\n');
            if (nl < 0 || nl == rest.Length - 1) { rest.CopyTo(output[written..]); written += rest.Length; break; }
            rest[..(nl + 1)].CopyTo(output[written..]);
            written += nl + 1;
            _stamp.CopyTo(output[written..]);
            written += StampLength;
            rest = rest[(nl + 1)..];
        }
        _atLineStart = data[^1] == (byte)'\n';
        return output[..written];
    }

    private void Format(DateTimeOffset now)
    {
        Span<char> text = stackalloc char[StampLength];
        now.TryFormat(text, out int n, "yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);
        text[n] = ' ';
        Encoding.ASCII.GetBytes(text[..(n + 1)], _stamp);
    }
}
