using System.Runtime.InteropServices;
using System.Text;

namespace Supervice.Core.Native;

/// <summary>NUL-terminated UTF-8 strings and null-terminated pointer arrays in native memory,
/// freed together: what the spawn function and execve need, built before the call.</summary>
internal sealed unsafe class NativeArena : IDisposable
{
    private readonly List<nint> _blocks = [];

    public byte* String(string s)
    {
        var len = Encoding.UTF8.GetByteCount(s);
        var p = (byte*)Alloc(len + 1);
        Encoding.UTF8.GetBytes(s, new Span<byte>(p, len));
        p[len] = 0;
        return p;
    }

    public byte** Array(IReadOnlyList<string> items)
    {
        var arr = (byte**)Alloc((items.Count + 1) * sizeof(nint));
        for (int i = 0; i < items.Count; i++) arr[i] = String(items[i]);
        arr[items.Count] = null;
        return arr;
    }

    public void* Alloc(int bytes)
    {
        var p = NativeMemory.AllocZeroed((nuint)bytes);
        _blocks.Add((nint)p);
        return p;
    }

    public void Dispose()
    {
        foreach (var p in _blocks) NativeMemory.Free((void*)p);
        _blocks.Clear();
    }
}
