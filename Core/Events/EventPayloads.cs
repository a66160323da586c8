using System.Text;
using Supervice.Core.Lifecycle;

namespace Supervice.Core.Events;

/// <summary>supervisord's payloads (supervisor/events.py), byte for byte. Names never contain a colon: a process
/// `GROUP:X` is `processname:X groupname:GROUP`.</summary>
public static class EventPayloads
{
    /// <summary>supervisord's name for a state, or null for ours that it has no event for (UNHEALTHY).</summary>
    public static string? StateName(ProcessState state) => state switch
    {
        ProcessState.Stopped => "STOPPED",
        ProcessState.Starting => "STARTING",
        ProcessState.Running => "RUNNING",
        ProcessState.Backoff => "BACKOFF",
        ProcessState.Stopping => "STOPPING",
        ProcessState.Exited => "EXITED",
        ProcessState.Fatal => "FATAL",
        _ => null,
    };

    public static (string Process, string Group) Names(string name, string group)
    {
        int colon = name.IndexOf(':');
        return colon < 0 ? (name, group) : (name[(colon + 1)..], name[..colon]);
    }

    public static byte[] StateChange(string name, string group, string from, string to, int pid, int tries, bool expected)
    {
        var (process, groupName) = Names(name, group);
        var text = $"processname:{process} groupname:{groupName} from_state:{from}";
        text += to switch
        {
            "STARTING" or "BACKOFF" => $" tries:{tries}",
            "EXITED" => $" expected:{(expected ? 1 : 0)} pid:{pid}",
            "RUNNING" or "STOPPING" or "STOPPED" => $" pid:{pid}",
            _ => "",
        };
        return Encoding.UTF8.GetBytes(text);
    }

    public static byte[] ProcessLog(string name, string group, int pid, string channel, ReadOnlySpan<byte> data)
    {
        var (process, groupName) = Names(name, group);
        var head = Encoding.UTF8.GetBytes($"processname:{process} groupname:{groupName} pid:{pid} channel:{channel}\n");
        var payload = new byte[head.Length + data.Length];
        head.CopyTo(payload, 0);
        data.CopyTo(payload.AsSpan(head.Length));
        return payload;
    }

    /// <summary>What supervisor_stdout's event_handler prints for a result body (the PROCESS_LOG payload echoed back):
    /// `PROCESS CHANNEL | piece` for each piece of the data split at newlines, joined by newlines, then a newline (so
    /// data ending in a newline gives a last `PROCESS CHANNEL | ` line, as print('\n'.join(...)) does). Null where the
    /// handler raises: no header line, a header token that is not one `key:value`, no processname or channel.</summary>
    public static byte[]? StdoutHandlerLines(ReadOnlySpan<byte> body)
    {
        int newline = body.IndexOf((byte)'\n');
        if (newline < 0) return null;
        string? process = null, channel = null;
        foreach (var token in Encoding.UTF8.GetString(body[..newline]).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = token.Split(':');
            if (kv.Length != 2) return null;
            if (kv[0] == "processname") process = kv[1];
            else if (kv[0] == "channel") channel = kv[1];
        }
        if (process is null || channel is null) return null;
        var prefix = Encoding.UTF8.GetBytes($"{process} {channel} | ");
        var data = body[(newline + 1)..];
        int pieces = data.Count((byte)'\n') + 1;
        var text = new byte[pieces * prefix.Length + data.Length + 1];
        int at = 0;
        while (true)
        {
            prefix.CopyTo(text, at);
            at += prefix.Length;
            int end = data.IndexOf((byte)'\n');
            var piece = end < 0 ? data : data[..end];
            piece.CopyTo(text.AsSpan(at));
            at += piece.Length;
            text[at++] = (byte)'\n';
            if (end < 0) return text;
            data = data[(end + 1)..];
        }
    }

    public static byte[] Tick(long when) => Encoding.ASCII.GetBytes($"when:{when}");

    public static byte[] Group(string group) => Encoding.UTF8.GetBytes($"groupname:{group}\n");

    public static byte[] Header(string server, long serial, string pool, long poolSerial, string type, int length)
        => Encoding.UTF8.GetBytes($"ver:3.0 server:{server} serial:{serial} pool:{pool} poolserial:{poolSerial} eventname:{type} len:{length}\n");
}
