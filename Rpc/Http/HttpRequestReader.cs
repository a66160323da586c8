using System.Globalization;
using System.Text;

namespace Supervice.Rpc.Http;

/// <summary>The HTTP/1.1 subset a supervisor needs, as a pure function of the bytes received so far: the request line,
/// headers, and a body by Content-Length or chunked transfer coding. Limits (README: HTTP and XML-RPC): request line + headers ≤
/// <see cref="MaxHeadBytes"/> (431), body ≤ <see cref="MaxBodyBytes"/> (413). Anything malformed is a 400 with a short
/// reason; nothing here throws on any input.</summary>
public static class HttpRequestReader
{
    public const int MaxHeadBytes = 16 * 1024;
    public const int MaxBodyBytes = 1024 * 1024;
    private const int MaxHeaders = 100;
    private static readonly string[] Methods = ["GET", "POST", "HEAD"];

    public static HttpParse Parse(ReadOnlySpan<byte> data)
    {
        int headEnd = data.IndexOf("\r\n\r\n"u8);
        if (headEnd < 0)
        {
            if (data.Length > MaxHeadBytes) return HttpParse.Fail(431, "request head too large");
            // A bare-LF head is accepted too (some hand-written clients); but only a CRLF one is looked for first.
            int lf = data.IndexOf("\n\n"u8);
            if (lf < 0) return HttpParse.More;
            headEnd = lf;
            return ParseHead(data, headEnd, 2);
        }
        return ParseHead(data, headEnd, 4);
    }

    private static HttpParse ParseHead(ReadOnlySpan<byte> data, int headEnd, int terminator)
    {
        if (headEnd + terminator > MaxHeadBytes) return HttpParse.Fail(431, "request head too large");
        var head = data[..headEnd];
        if (head.IndexOf((byte)0) >= 0) return HttpParse.Fail(400, "bad request head");
        string text = Encoding.Latin1.GetString(head);
        var lines = text.Split('\n');
        var requestLine = lines[0].TrimEnd('\r').Split(' ');
        if (requestLine.Length != 3) return HttpParse.Fail(400, "bad request line");
        var (method, target, version) = (requestLine[0], requestLine[1], requestLine[2]);
        if (version is not ("HTTP/1.1" or "HTTP/1.0")) return HttpParse.Fail(505, "HTTP version not supported");
        if (!Methods.Contains(method)) return HttpParse.Fail(501, "method not implemented");
        if (target.Length == 0 || target[0] != '/' || target.Any(c => c <= ' ' || c >= 0x7f)) return HttpParse.Fail(400, "bad request target");
        var headers = new List<KeyValuePair<string, string>>();
        for (int i = 1; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.Length == 0) return HttpParse.Fail(400, "bad header line");
            if (line[0] is ' ' or '\t') return HttpParse.Fail(400, "folded headers are not accepted");
            int colon = line.IndexOf(':');
            if (colon <= 0) return HttpParse.Fail(400, "bad header line");
            var name = line[..colon];
            if (name.Any(c => c <= ' ' || c >= 0x7f || c is '(' or ')' or '<' or '>' or '@' or ',' or ';' or '\\' or '"' or '/' or '[' or ']' or '?' or '=' or '{' or '}'))
                return HttpParse.Fail(400, "bad header name");
            var value = line[(colon + 1)..].Trim(' ', '\t');
            if (value.Any(c => c < ' ' && c != '\t' || c == 0x7f)) return HttpParse.Fail(400, "bad header value");
            headers.Add(new(name.ToLowerInvariant(), value));
            if (headers.Count > MaxHeaders) return HttpParse.Fail(431, "too many headers");
        }
        int bodyStart = headEnd + terminator;
        var body = data[bodyStart..];
        var lengths = headers.Where(h => h.Key == "content-length").Select(h => h.Value).Distinct().ToList();
        var coding = headers.Where(h => h.Key == "transfer-encoding").Select(h => h.Value.ToLowerInvariant()).ToList();
        if (coding.Count > 0)
        {
            if (lengths.Count > 0) return HttpParse.Fail(400, "both Content-Length and Transfer-Encoding");
            if (coding.Count != 1 || coding[0] != "chunked") return HttpParse.Fail(501, "transfer coding not implemented");
            return Chunked(method, target, version, headers, body, bodyStart);
        }
        long length = 0;
        if (lengths.Count > 1) return HttpParse.Fail(400, "conflicting Content-Length");
        if (lengths.Count == 1 && (lengths[0].Length > 12 || !long.TryParse(lengths[0], NumberStyles.None, CultureInfo.InvariantCulture, out length)))
            return HttpParse.Fail(400, "bad Content-Length");
        if (length > MaxBodyBytes) return HttpParse.Fail(413, "request body too large");
        if (body.Length < length) return HttpParse.More;
        return new HttpParse(new HttpRequest(method, target, version == "HTTP/1.1", headers, body[..(int)length].ToArray()), bodyStart + (int)length, 0, null);
    }

    private static HttpParse Chunked(string method, string target, string version, List<KeyValuePair<string, string>> headers, ReadOnlySpan<byte> body, int bodyStart)
    {
        var result = new List<byte>();
        int pos = 0;
        while (true)
        {
            int eol = body[pos..].IndexOf("\r\n"u8);
            if (eol < 0) return body.Length - pos > 64 ? HttpParse.Fail(400, "bad chunk size line") : HttpParse.More;
            var sizeLine = body.Slice(pos, eol);
            int semi = sizeLine.IndexOf((byte)';');
            if (semi >= 0) sizeLine = sizeLine[..semi];
            sizeLine = sizeLine.Trim((byte)' ');
            if (sizeLine.IsEmpty || sizeLine.Length > 8 || !int.TryParse(Encoding.ASCII.GetString(sizeLine), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var size) || size < 0)
                return HttpParse.Fail(400, "bad chunk size");
            pos += eol + 2;
            if (result.Count + (long)size > MaxBodyBytes) return HttpParse.Fail(413, "request body too large");
            if (size == 0)
            {
                // Trailers are not used by anyone we serve: accept only the empty trailer section.
                if (body.Length - pos < 2) return HttpParse.More;
                if (body[pos] != '\r' || body[pos + 1] != '\n') return HttpParse.Fail(400, "trailers are not accepted");
                pos += 2;
                return new HttpParse(new HttpRequest(method, target, version == "HTTP/1.1", headers, [.. result]), bodyStart + pos, 0, null);
            }
            if (body.Length - pos < size + 2) return HttpParse.More;
            result.AddRange(body.Slice(pos, size));
            pos += size;
            if (body[pos] != '\r' || body[pos + 1] != '\n') return HttpParse.Fail(400, "bad chunk terminator");
            pos += 2;
        }
    }
}
