namespace Supervice.Rpc.XmlRpc;

/// <summary>A parsed `methodCall`. Parameter values are int, bool, string, double, byte[] (base64), DateTime,
/// List&lt;object&gt; (array) or Dictionary&lt;string, object&gt; (struct).</summary>
public sealed record XmlRpcCall(string Method, List<object> Params);
