using System.Runtime.InteropServices;
using System.Text;

namespace Supervice.Core.Native;

/// <summary>NUL-terminated UTF-8 strings and null-terminated pointer arrays in native memory,
/// freed together: what the spawn function and execve need, built before the call. A bump allocator over a few
/// zeroed chunks: a spawn's path, argv and environment take one or two allocations, not one per string.</summary>
internal sealed unsafe class NativeArena : IDisposable
{
    private const int FirstChunk = 2048;
    private readonly List<nint> _chunks = [];
    private byte* _next;
    private int _left, _chunkSize = FirstChunk;

    public byte* String(string s)
    {
        var len = Encoding.UTF8.GetByteCount(s);
        var p = (byte*)Alloc(len + 1);
        Encoding.UTF8.GetBytes(s, new Span<byte>(p, len));
        return p; // p[len] is 0: the memory is zeroed
    }

    public byte** Array(IReadOnlyList<string> items)
    {
        var arr = (byte**)Alloc((items.Count + 1) * sizeof(nint));
        for (int i = 0; i < items.Count; i++) arr[i] = String(items[i]);
        return arr;
    }

    /// <summary>An execve environment: `NAME=value` for each pair, encoded straight from the pair (no joined string).</summary>
    public byte** Environment(IReadOnlyList<KeyValuePair<string, string>> variables)
    {
        var arr = (byte**)Alloc((variables.Count + 1) * sizeof(nint));
        for (int i = 0; i < variables.Count; i++)
        {
            var (name, value) = variables[i];
            int nameLen = Encoding.UTF8.GetByteCount(name), valueLen = Encoding.UTF8.GetByteCount(value);
            var p = (byte*)Alloc(nameLen + valueLen + 2);
            Encoding.UTF8.GetBytes(name, new Span<byte>(p, nameLen));
            p[nameLen] = (byte)'=';
            Encoding.UTF8.GetBytes(value, new Span<byte>(p + nameLen + 1, valueLen));
            arr[i] = p;
        }
        return arr;
    }

    /// <summary>Zeroed native memory (8-byte aligned) that lives until Dispose.</summary>
    public void* Alloc(int bytes)
    {
        int size = (bytes + 7) & ~7;
        if (size > _left)
        {
            int chunk = Math.Max(_chunkSize, size);
            _chunkSize = Math.Min(chunk * 2, 1 << 20);
            _next = (byte*)NativeMemory.AllocZeroed((nuint)chunk);
            _chunks.Add((nint)_next);
            _left = chunk;
        }
        var p = _next;
        _next += size;
        _left -= size;
        return p;
    }

    public void Dispose()
    {
        foreach (var p in _chunks) NativeMemory.Free((void*)p);
        _chunks.Clear();
        _next = null;
        _left = 0;
        _chunkSize = FirstChunk;
    }
}
