using System.Text;

namespace Supervice.Rpc.Http;

/// <summary>Response heads and bodies as bytes. Bodies are our own short texts (never an exception's).</summary>
public static class HttpResponse
{
    public static string Reason(int status) => status switch
    {
        200 => "OK", 400 => "Bad Request", 401 => "Unauthorized", 403 => "Forbidden", 404 => "Not Found", 405 => "Method Not Allowed",
        408 => "Request Timeout", 411 => "Length Required", 413 => "Content Too Large", 431 => "Request Header Fields Too Large",
        500 => "Internal Server Error", 501 => "Not Implemented", 503 => "Service Unavailable", 505 => "HTTP Version Not Supported",
        _ => "Error",
    };

    /// <summary>A whole response with a Content-Length body (HEAD: the head only, with the length the body would have).</summary>
    public static byte[] Build(int status, string contentType, ReadOnlySpan<byte> body, bool keepAlive, bool headOnly = false, string? extraHeaders = null)
    {
        var headBytes = Head(status, contentType, body.Length, keepAlive, extraHeaders);
        if (headOnly) return headBytes;
        var all = new byte[headBytes.Length + body.Length];
        headBytes.CopyTo(all, 0);
        body.CopyTo(all.AsSpan(headBytes.Length));
        return all;
    }

    /// <summary>The head of a response whose body of `length` bytes is sent after it.</summary>
    public static byte[] Head(int status, string contentType, int length, bool keepAlive, string? extraHeaders = null)
    {
        var head = new StringBuilder(160);
        head.Append("HTTP/1.1 ").Append(status).Append(' ').Append(Reason(status)).Append("\r\n")
            .Append("Server: supervice\r\n")
            .Append("Content-Type: ").Append(contentType).Append("\r\n")
            .Append("Content-Length: ").Append(length).Append("\r\n");
        if (extraHeaders is not null) head.Append(extraHeaders);
        if (!keepAlive) head.Append("Connection: close\r\n");
        head.Append("\r\n");
        return Encoding.ASCII.GetBytes(head.ToString());
    }

    public static byte[] Error(int status, string text, bool keepAlive = false, string? extraHeaders = null)
        => Build(status, "text/plain; charset=utf-8", Encoding.UTF8.GetBytes($"{status} {Reason(status)}: {text}\n"), keepAlive, extraHeaders: extraHeaders);

    /// <summary>The head of a chunked (streaming) response.</summary>
    public static byte[] ChunkedHead(string contentType)
        => Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nServer: supervice\r\nContent-Type: {contentType}\r\nTransfer-Encoding: chunked\r\n\r\n");

    public static byte[] Chunk(ReadOnlySpan<byte> data)
    {
        var size = Encoding.ASCII.GetBytes($"{data.Length:x}\r\n");
        var all = new byte[size.Length + data.Length + 2];
        size.CopyTo(all, 0);
        data.CopyTo(all.AsSpan(size.Length));
        all[^2] = (byte)'\r';
        all[^1] = (byte)'\n';
        return all;
    }

    public static readonly byte[] LastChunk = "0\r\n\r\n"u8.ToArray();
}
