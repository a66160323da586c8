namespace Supervice.Rpc.Http;

/// <summary>The outcome of parsing the bytes received so far: a request (and how many bytes it used), a need for
/// more bytes, or an error to answer with its status and close.</summary>
public readonly record struct HttpParse(HttpRequest? Request, int Consumed, int ErrorStatus, string? Error)
{
    public bool NeedMore => Request is null && ErrorStatus == 0;

    public static HttpParse More => default;

    public static HttpParse Fail(int status, string error) => new(null, 0, status, error);
}
