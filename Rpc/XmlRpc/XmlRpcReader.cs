using System.Globalization;
using System.Text;

namespace Supervice.Rpc.XmlRpc;

/// <summary>Reads exactly an XML-RPC `methodCall` and nothing more: no DTD, no entities beyond the five predefined
/// and numeric ones, no attributes, no CDATA, no processing instruction but the leading `&lt;?xml …?&gt;`, values
/// nested at most <see cref="MaxDepth"/> deep. Anything else is a null result with a short reason (HTTP 400), never
/// an exception: the parser is a hand-written recursive descent over the decoded text, so there is nothing to expand.</summary>
public sealed class XmlRpcReader
{
    public const int MaxDepth = 32;
    private const int MaxBodyBytes = 1024 * 1024;
    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    private readonly string _text;
    private int _pos;
    private string? _error;

    private XmlRpcReader(string text) => _text = text;

    /// <summary>The call, or null with <paramref name="error"/> saying what was wrong.</summary>
    public static XmlRpcCall? Parse(ReadOnlySpan<byte> body, out string? error)
    {
        error = null;
        if (body.Length > MaxBodyBytes) { error = "request body too large"; return null; }
        if (body.IsEmpty) { error = "empty request body"; return null; }
        string text;
        try { text = StrictUtf8.GetString(body.StartsWith("\uFEFF"u8) ? body[3..] : body); }
        catch (DecoderFallbackException) { error = "request body is not UTF-8"; return null; }
        var reader = new XmlRpcReader(text);
        var call = reader.ReadCall();
        error = call is null ? reader._error ?? "malformed XML-RPC request" : null;
        return call;
    }

    private XmlRpcCall? ReadCall()
    {
        SkipProlog();
        if (_error is not null || !Open("methodCall")) return (XmlRpcCall?)Fail("expected <methodCall>");
        if (!Open("methodName")) return (XmlRpcCall?)Fail("expected <methodName>");
        var name = Text();
        if (name is null || !Close("methodName")) return (XmlRpcCall?)Fail("bad <methodName>");
        name = name.Trim();
        if (name.Length == 0) return (XmlRpcCall?)Fail("empty method name");
        var parameters = new List<object>();
        if (Peek("params"))
        {
            if (TryEmpty("params")) { }
            else
            {
                Open("params");
                while (Peek("param"))
                {
                    Open("param");
                    var v = Value(1);
                    if (v is null || !Close("param")) return (XmlRpcCall?)Fail(_error ?? "bad <param>");
                    parameters.Add(v);
                }
                if (!Close("params")) return (XmlRpcCall?)Fail("expected </params>");
            }
        }
        if (!Close("methodCall")) return (XmlRpcCall?)Fail("expected </methodCall>");
        SkipMisc();
        if (_pos != _text.Length) return (XmlRpcCall?)Fail("content after </methodCall>");
        return _error is null ? new XmlRpcCall(name, parameters) : null;
    }

    private object? Value(int depth)
    {
        if (depth > MaxDepth) return Fail($"values nested deeper than {MaxDepth}");
        if (TryEmpty("value")) return "";
        if (!Open("value")) return Fail("expected <value>");
        int textStart = _pos;
        SkipSpace();
        if (_pos >= _text.Length || _text[_pos] != '<' || At("</value"))
        {
            _pos = textStart;
            var bare = Text();
            return bare is not null && Close("value") ? bare : Fail("bad <value>");
        }
        object? result = TypedValue(depth);
        if (result is null) return null;
        return Close("value") ? result : Fail("expected </value>");
    }

    private object? TypedValue(int depth)
    {
        var tag = PeekName();
        switch (tag)
        {
            case "i4" or "int" or "i8":
                return Scalar(tag, s => long.TryParse(s.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) && l is >= int.MinValue and <= int.MaxValue ? (int)l : null);
            case "boolean":
                return Scalar(tag, s => s.Trim() switch { "1" => true, "0" => false, _ => null });
            case "string":
                return Scalar(tag, s => s);
            case "double":
                return Scalar(tag, s => double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null);
            case "dateTime.iso8601":
                return Scalar(tag, s => DateTime.TryParseExact(s.Trim(), "yyyyMMdd'T'HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t : null);
            case "base64":
                return Scalar(tag, s => { try { return Convert.FromBase64String(s.Trim()); } catch (FormatException) { return null; } });
            case "nil":
                return TryEmpty("nil") ? "" : Fail("bad <nil/>");
            case "array": return Array(depth);
            case "struct": return Struct(depth);
            default: return Fail($"unknown value type <{tag}>");
        }
    }

    private object? Scalar(string tag, Func<string, object?> convert)
    {
        if (TryEmpty(tag)) return convert("") ?? Fail($"bad <{tag}>");
        Open(tag);
        var text = Text();
        if (text is null || !Close(tag)) return Fail($"bad <{tag}>");
        return convert(text) ?? Fail($"bad <{tag}> value");
    }

    private object? Array(int depth)
    {
        var items = new List<object>();
        if (TryEmpty("array")) return items;
        Open("array");
        if (TryEmpty("data")) return Close("array") ? items : Fail("expected </array>");
        if (!Open("data")) return Fail("expected <data>");
        while (Peek("value"))
        {
            var v = Value(depth + 1);
            if (v is null) return null;
            items.Add(v);
        }
        return Close("data") && Close("array") ? items : Fail("expected </data></array>");
    }

    private object? Struct(int depth)
    {
        var members = new Dictionary<string, object>(StringComparer.Ordinal);
        if (TryEmpty("struct")) return members;
        Open("struct");
        while (Peek("member"))
        {
            Open("member");
            if (!Open("name")) return Fail("expected <name>");
            var name = Text();
            if (name is null || !Close("name")) return Fail("bad <name>");
            var v = Value(depth + 1);
            if (v is null) return null;
            if (!Close("member")) return Fail("expected </member>");
            members[name] = v;
        }
        return Close("struct") ? members : Fail("expected </struct>");
    }

    // ---- the lexical layer ----

    private void SkipProlog()
    {
        SkipSpace();
        if (At("<?xml"))
        {
            int end = _text.IndexOf("?>", _pos, StringComparison.Ordinal);
            if (end < 0) { Fail("unterminated <?xml ?>"); return; }
            _pos = end + 2;
        }
        SkipMisc();
    }

    /// <summary>Whitespace and comments. A DOCTYPE, CDATA or other markup declaration is refused.</summary>
    private void SkipMisc()
    {
        while (true)
        {
            SkipSpace();
            if (!At("<!--")) break;
            int end = _text.IndexOf("-->", _pos + 4, StringComparison.Ordinal);
            if (end < 0) { Fail("unterminated comment"); _pos = _text.Length; return; }
            _pos = end + 3;
        }
        if (At("<!")) { Fail("DTDs, CDATA and declarations are not accepted"); _pos = _text.Length; }
        else if (At("<?")) { Fail("processing instructions are not accepted"); _pos = _text.Length; }
    }

    private void SkipSpace()
    {
        while (_pos < _text.Length && _text[_pos] is ' ' or '\t' or '\r' or '\n') _pos++;
    }

    private bool At(string s) => string.CompareOrdinal(_text, _pos, s, 0, s.Length) == 0;

    private string? PeekName()
    {
        SkipMisc();
        if (_pos >= _text.Length || _text[_pos] != '<') return null;
        int i = _pos + 1;
        while (i < _text.Length && (char.IsAsciiLetterOrDigit(_text[i]) || _text[i] is '.' or '_' or '-' or ':')) i++;
        return _text[(_pos + 1)..i];
    }

    private bool Peek(string tag) => PeekName() == tag && _error is null;

    private bool Open(string tag) => Tag(tag, close: false, empty: false);

    private bool Close(string tag) => Tag(tag, close: true, empty: false);

    /// <summary>`&lt;tag/&gt;` (consumed when present).</summary>
    private bool TryEmpty(string tag) => Tag(tag, close: false, empty: true);

    private bool Tag(string tag, bool close, bool empty)
    {
        SkipMisc();
        if (_error is not null) return false;
        int start = _pos;
        var prefix = close ? "</" : "<";
        if (!At(prefix)) return false;
        int i = _pos + prefix.Length;
        if (string.CompareOrdinal(_text, i, tag, 0, tag.Length) != 0) return false;
        i += tag.Length;
        while (i < _text.Length && _text[i] is ' ' or '\t' or '\r' or '\n') i++;
        if (empty)
        {
            if (string.CompareOrdinal(_text, i, "/>", 0, 2) != 0) return false;
            _pos = i + 2;
            return true;
        }
        if (i >= _text.Length || _text[i] != '>') { _pos = start; return false; }
        _pos = i + 1;
        return true;
    }

    /// <summary>Character data up to the next '&lt;', with references resolved; null on a bad reference.</summary>
    private string? Text()
    {
        int end = _text.IndexOf('<', _pos);
        if (end < 0) return (string?)Fail("unterminated element");
        var raw = _text.AsSpan(_pos, end - _pos);
        _pos = end;
        if (raw.IndexOf('&') < 0) return raw.ToString();
        var sb = new StringBuilder(raw.Length);
        while (!raw.IsEmpty)
        {
            int amp = raw.IndexOf('&');
            if (amp < 0) { sb.Append(raw); break; }
            sb.Append(raw[..amp]);
            raw = raw[(amp + 1)..];
            int semi = raw.IndexOf(';');
            if (semi < 1 || semi > 10) return (string?)Fail("bad character reference");
            var name = raw[..semi];
            raw = raw[(semi + 1)..];
            switch (name)
            {
                case "lt": sb.Append('<'); break;
                case "gt": sb.Append('>'); break;
                case "amp": sb.Append('&'); break;
                case "quot": sb.Append('"'); break;
                case "apos": sb.Append('\''); break;
                default:
                    if (name[0] != '#') return (string?)Fail("entities other than the predefined ones are not accepted");
                    bool hex = name.Length > 1 && name[1] == 'x';
                    var digits = name[(hex ? 2 : 1)..];
                    if (!int.TryParse(digits, hex ? NumberStyles.AllowHexSpecifier : NumberStyles.None, CultureInfo.InvariantCulture, out var cp)
                        || cp is 0 or > 0x10FFFF || cp is >= 0xD800 and <= 0xDFFF)
                        return (string?)Fail("bad character reference");
                    sb.Append(char.ConvertFromUtf32(cp));
                    break;
            }
        }
        return sb.ToString();
    }

    private object? Fail(string why)
    {
        _error ??= why;
        return null;
    }
}
