namespace Supervice.Core.Readiness;

/// <summary>A plain, case-sensitive substring search over a stream of chunks (readiness = log:TEXT; a newline for
/// fd:N): only the last TEXT.Length - 1 bytes are kept across chunk boundaries. No regex engine.</summary>
public sealed class TextWatcher(byte[] needle)
{
    private readonly byte[] _carry = new byte[Math.Max(0, needle.Length - 1)];
    private int _carried;
    public bool Found { get; private set; }

    /// <summary>True the first time the text has been seen (once found, later chunks are not searched).</summary>
    public bool Feed(ReadOnlySpan<byte> chunk)
    {
        if (Found || needle.Length == 0) return false;
        if (_carried > 0)
        {
            // Only the matches that straddle the boundary: carry + the first needle.Length - 1 bytes of the chunk.
            int take = Math.Min(chunk.Length, needle.Length - 1);
            Span<byte> joint = stackalloc byte[_carried + take];
            _carry.AsSpan(0, _carried).CopyTo(joint);
            chunk[..take].CopyTo(joint[_carried..]);
            if (joint.IndexOf(needle) >= 0) return Found = true;
        }
        if (chunk.IndexOf(needle) >= 0) return Found = true;
        Keep(chunk);
        return false;
    }

    private void Keep(ReadOnlySpan<byte> chunk)
    {
        if (_carry.Length == 0) return;
        if (chunk.Length >= _carry.Length) { chunk[^_carry.Length..].CopyTo(_carry); _carried = _carry.Length; return; }
        int keep = Math.Min(_carried, _carry.Length - chunk.Length);
        _carry.AsSpan(_carried - keep, keep).CopyTo(_carry);
        chunk.CopyTo(_carry.AsSpan(keep));
        _carried = keep + chunk.Length;
    }
}
