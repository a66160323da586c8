using System.Text;
using System.Text.Json;
using Supervice.Core.Native.Streams;
using Supervice.Rpc.Client;
using Supervice.Rpc.Messages;

namespace Supervice.Rpc.Ctl;

/// <summary>One ctl invocation: find the socket, send the request, print the answer (text or --json),
/// and return the exit code. Transport failures print one plain line on stderr, never a trace.</summary>
internal static class CtlSession
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Text for a reply: stdout text, or null to print the reply's message as `Error: ...` on stderr.</summary>
    public delegate CtlText Render(RpcReply reply);

    public static int Run(CtlOptions o, RpcRequest request, Render render)
    {
        var client = Open(o, out var exit);
        if (client is null) return exit;
        using (client)
        {
            try
            {
                var (reply, raw) = client.Call(request);
                Print(o, reply, raw, render);
                if (!request.IsStreaming || !reply.IsOk) return CtlExit.For(request.Command, reply);
                while (client.NextStreamed() is var (next, nextRaw))
                {
                    Print(o, next, nextRaw, render);
                    if (!next.IsOk) return CtlExit.For(request.Command, next);
                }
                return CtlExit.Ok;
            }
            catch (RpcClientException e) { return Fail(o, e); }
        }
    }

    private static RpcClient? Open(CtlOptions o, out int exit)
    {
        exit = 0;
        var resolved = SocketResolver.Resolve(o.Socket, o.Config);
        if (resolved.Error is not null) { exit = CliOutput.Usage(resolved.Error); return null; }
        var timeout = o.Timeout is { } t ? TimeSpan.FromSeconds(t) : DefaultTimeout;
        try { return RpcClient.Connect(resolved.Path!, timeout); }
        catch (RpcClientException e) { exit = Fail(o, e); return null; }
    }

    private static void Print(CtlOptions o, RpcReply reply, byte[] raw, Render render)
    {
        using var text = render(reply); // also where a verb waits for what the reply announces (shutdown)
        if (o.Json) { CliOutput.Write(CliOutput.Stdout, raw); CliOutput.Write(CliOutput.Stdout, "\n"u8); return; }
        if (text.IsError) CliOutput.WriteStderr($"Error: {reply.Message}\n");
        else text.WriteTo(CliOutput.Stdout);
    }

    private static int Fail(CtlOptions o, RpcClientException e)
    {
        CliOutput.WriteStderr(e.Message + "\n");
        if (o.Json)
        {
            var code = e.ExitCode == CtlExit.Unreachable ? "UNREACHABLE" : "CLIENT_ERROR";
            var json = JsonSerializer.Serialize(RpcReply.Error(code, e.Message), RpcJsonContext.Default.RpcReply);
            CliOutput.Write(CliOutput.Stdout, json + "\n");
        }
        return e.ExitCode;
    }

    /// <summary>`web: started` per process; `foo: ERROR (no such process)` per unknown name; a reply from a
    /// daemon without per-process results shows its message.</summary>
    public static string? ProcessLines(RpcReply reply, string pastTense)
    {
        var sb = new StringBuilder();
        foreach (var n in reply.NotFound ?? []) sb.Append(n).Append(": ERROR (no such process)\n");
        foreach (var r in reply.Results ?? [])
        {
            if (r.Ok) sb.Append(r.Name).Append(": ").Append(r.Message ?? pastTense).Append('\n');
            else sb.Append(r.Name).Append(": ERROR (").Append(r.Message ?? r.State ?? "failed").Append(")\n");
        }
        if (sb.Length > 0) return sb.ToString();
        if (!reply.IsOk) return null;
        return reply.Message is null ? "" : reply.Message + "\n";
    }
}
