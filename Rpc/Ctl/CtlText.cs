using Supervice.Core.Native.Streams;
using Supervice.Rpc.Metrics;

namespace Supervice.Rpc.Ctl;

/// <summary>What a ctl verb prints on stdout for a reply: a string, or UTF-8 already written into a buffer (the status
/// table, which never becomes a string: issue #16, M3); none at all means `Error: MESSAGE` on stderr. Dispose gives
/// the buffer back.</summary>
public readonly struct CtlText : IDisposable
{
    private readonly string? _text;
    private readonly Utf8Text? _utf8;

    private CtlText(string? text, Utf8Text? utf8) { _text = text; _utf8 = utf8; }

    public static implicit operator CtlText(string? text) => new(text, null);

    public static CtlText Utf8(Utf8Text utf8) => new(null, utf8);

    public bool IsError => _text is null && _utf8 is null;

    public void WriteTo(Stream stream)
    {
        if (_utf8 is not null) CliOutput.Write(stream, _utf8.Written);
        else if (_text is { Length: > 0 }) CliOutput.Write(stream, _text);
    }

    public void Dispose() => _utf8?.Dispose();
}
