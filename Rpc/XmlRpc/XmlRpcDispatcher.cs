using Supervice.Rpc.Server;

namespace Supervice.Rpc.XmlRpc;

/// <summary>Method name → handler, as supervisord's `traverse`: exactly two dotted parts, no leading underscore, the
/// parameters checked against the method's signature before it runs (INCORRECT_PARAMETERS otherwise). The handlers
/// map each call onto <see cref="IRpcBackend"/> requests; `system.*` is answered here. A handler that throws is a
/// FAILED fault whose text names nothing of .NET (the exception is logged).</summary>
public sealed partial class XmlRpcDispatcher
{
    /// <summary>A parameter type: `string`, `int`, `boolean`, `array`, `struct`, or `signal` (a string or an int).</summary>
    private sealed record Method(string[] Params, int Required, string Returns, string Help, Func<List<object>, CancellationToken, Task<object>> Call);

    private readonly IRpcBackend _backend;
    private readonly Action<bool, string>? _log;
    private readonly Dictionary<string, Method> _methods = new(StringComparer.Ordinal);

    public XmlRpcDispatcher(IRpcBackend backend, Action<bool, string>? log = null)
    {
        _backend = backend;
        _log = log;
        RegisterSupervisor();
        Add("system.listMethods", [], "array", "Return an array listing the available method names", (_, _) => Done(ListMethods()));
        Add("system.methodHelp", ["string"], "string", "Return a string showing the method's documentation",
            (a, _) => Done(_methods.TryGetValue((string)a[0], out var m) ? m.Help : XmlRpcFault.Of(FaultCodes.SignatureUnsupported)));
        Add("system.methodSignature", ["string"], "array", "Return an array describing the method signature in the form [rtype, ptype, ptype...]",
            (a, _) => Done(_methods.TryGetValue((string)a[0], out var m) ? new List<object>([m.Returns, .. m.Params]) : XmlRpcFault.Of(FaultCodes.SignatureUnsupported)));
        Add("system.multicall", ["array"], "array", "Process an array of calls, and return an array of results", (a, ct) => MulticallAsync((List<object>)a[0], ct));
    }

    public IEnumerable<string> MethodNames => _methods.Keys;

    private void Add(string name, string[] parameters, string returns, string help, Func<List<object>, CancellationToken, Task<object>> call, int? required = null)
        => _methods[name] = new Method(parameters, required ?? parameters.Length, returns, help, call);

    private List<object> ListMethods() => [.. _methods.Keys.Order(StringComparer.Ordinal)];

    private static Task<object> Done(object value) => Task.FromResult(value);

    /// <summary>The value to answer (an <see cref="XmlRpcFault"/> for a fault).</summary>
    public async Task<object> CallAsync(string name, List<object> parameters, CancellationToken ct)
    {
        var parts = name.Split('.');
        if (parts.Length != 2 || parts[1].StartsWith('_') || !_methods.TryGetValue(name, out var method))
            return XmlRpcFault.Of(FaultCodes.UnknownMethod);
        if (parameters.Count < method.Required || parameters.Count > method.Params.Length || !TypesMatch(method.Params, parameters))
            return XmlRpcFault.Of(FaultCodes.IncorrectParameters);
        try { return await method.Call(parameters, ct).ConfigureAwait(false); }
        catch (OperationCanceledException) { throw; }
        catch (ShuttingDownException) { return XmlRpcFault.Of(FaultCodes.ShutdownState); }
        catch (Exception e)
        {
            _log?.Invoke(true, $"XML-RPC {name} failed: {e}");
            return XmlRpcFault.Of(FaultCodes.Failed, "internal error");
        }
    }

    private static bool TypesMatch(string[] types, List<object> values)
    {
        for (int i = 0; i < values.Count; i++)
        {
            bool ok = types[i] switch
            {
                "string" => values[i] is string,
                "int" => values[i] is int,
                "boolean" => values[i] is bool or int,
                "array" => values[i] is List<object>,
                "struct" => values[i] is Dictionary<string, object>,
                "signal" => values[i] is string or int,
                _ => true,
            };
            if (!ok) return false;
        }
        return true;
    }

    /// <summary>supervisord's shape: a bare value for each success (not the one-element arrays of the XML-RPC
    /// convention), a {faultCode, faultString} struct for each failure; calls run in order.</summary>
    private async Task<object> MulticallAsync(List<object> calls, CancellationToken ct)
    {
        var results = new List<object>(calls.Count);
        foreach (var item in calls)
        {
            object value;
            if (item is not Dictionary<string, object> call || !call.TryGetValue("methodName", out var n) || n is not string name)
                value = XmlRpcFault.Of(FaultCodes.IncorrectParameters, "No methodName");
            else if (name == "system.multicall")
                value = XmlRpcFault.Of(FaultCodes.IncorrectParameters, "Recursive system.multicall forbidden");
            else
            {
                var ps = call.TryGetValue("params", out var p) ? p as List<object> : [];
                value = ps is null ? XmlRpcFault.Of(FaultCodes.IncorrectParameters) : await CallAsync(name, ps, ct).ConfigureAwait(false);
            }
            results.Add(value is XmlRpcFault f ? new Dictionary<string, object> { ["faultCode"] = f.Code, ["faultString"] = f.String } : value);
        }
        return results;
    }

    private static bool Flag(List<object> a, int i) => i >= a.Count || a[i] is true || a[i] is int n && n != 0;
}
