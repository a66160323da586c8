namespace Supervice.Rpc.XmlRpc;

/// <summary>A fault answer, as supervisord words it: the code and `NAME` or `NAME: extra`.</summary>
public sealed record XmlRpcFault(int Code, string String)
{
    public static XmlRpcFault Of(int code, string? extra = null)
        => new(code, extra is null ? FaultCodes.Name(code) : $"{FaultCodes.Name(code)}: {extra}");
}
