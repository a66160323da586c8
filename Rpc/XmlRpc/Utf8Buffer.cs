using System.Buffers;
using System.Globalization;
using System.Text;

namespace Supervice.Rpc.XmlRpc;

/// <summary>A growable UTF-8 byte buffer rented from the shared pool: a response for a thousand processes is written
/// without a large string or a fresh large array (either would land on the large-object heap and stay there until a
/// full GC: the daemon's memory would grow with every `supervisorctl status`). Dispose returns it.</summary>
public sealed class Utf8Buffer : IDisposable
{
    private byte[] _bytes = ArrayPool<byte>.Shared.Rent(16 * 1024);
    private int _length;

    public ReadOnlyMemory<byte> Memory => _bytes.AsMemory(0, _length);

    public int Length => _length;

    public Utf8Buffer Append(string s) => Append(s.AsSpan());

    public Utf8Buffer Append(ReadOnlySpan<char> s)
    {
        Ensure(Encoding.UTF8.GetMaxByteCount(s.Length));
        _length += Encoding.UTF8.GetBytes(s, _bytes.AsSpan(_length));
        return this;
    }

    public Utf8Buffer Append(char c) => Append([c]);

    public Utf8Buffer Append(long n)
    {
        Ensure(24);
        n.TryFormat(_bytes.AsSpan(_length), out int written, default, CultureInfo.InvariantCulture);
        _length += written;
        return this;
    }

    private void Ensure(int more)
    {
        if (_length + more <= _bytes.Length) return;
        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_bytes.Length * 2, _length + more));
        _bytes.AsSpan(0, _length).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_bytes);
        _bytes = bigger;
    }

    public void Dispose()
    {
        var bytes = Interlocked.Exchange(ref _bytes, []);
        if (bytes.Length > 0) ArrayPool<byte>.Shared.Return(bytes);
    }
}
