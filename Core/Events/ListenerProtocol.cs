using System.Text;

namespace Supervice.Core.Events;

/// <summary>What a listener's stdout said (supervisor/dispatchers.py, PEventListenerDispatcher).</summary>
public enum ListenerSignal { None, Ready, Result, Broken }

/// <summary>The listener side of the protocol, as bytes arrive on its stdout: `READY\n` when acknowledged, then
/// (after an event) `RESULT N\n` and N bytes of body. Anything else breaks it (supervisord's UNKNOWN state).
/// Pure: the engine feeds chunks and acts on what Next returns.</summary>
public sealed class ListenerProtocol
{
    private static readonly byte[] ReadyToken = "READY\n"u8.ToArray();
    private static readonly byte[] ResultToken = "RESULT "u8.ToArray();
    private const int MaxResultLine = 32;
    private readonly List<byte> _buffer = new();

    public ListenerState State { get; private set; } = ListenerState.Acknowledged;
    public string? Error { get; private set; }
    public byte[] Body { get; private set; } = [];

    public void Feed(ReadOnlySpan<byte> data)
    {
        foreach (var b in data) _buffer.Add(b);
    }

    /// <summary>The event was written: a RESULT is due next.</summary>
    public void Sent() => State = ListenerState.Busy;

    /// <summary>The engine found the listener's answer unusable: the listener is broken from now on (UNKNOWN).</summary>
    public void Fail(string why)
    {
        Error = why;
        State = ListenerState.Unknown;
        _buffer.Clear();
    }

    /// <summary>Consumes what the buffered bytes complete; call until it returns None.</summary>
    public ListenerSignal Next()
    {
        if (State == ListenerState.Unknown || _buffer.Count == 0) return ListenerSignal.None;
        switch (State)
        {
            case ListenerState.Acknowledged:
                if (!Matches(ReadyToken, out bool complete)) return Break("expected READY");
                if (!complete) return ListenerSignal.None;
                _buffer.RemoveRange(0, ReadyToken.Length);
                State = ListenerState.Ready;
                return ListenerSignal.Ready;
            case ListenerState.Ready:
                return Break("output while waiting for an event");
            default:
                return NextResult();
        }
    }

    private ListenerSignal NextResult()
    {
        if (!Matches(ResultToken, out bool complete)) return Break("expected RESULT");
        if (!complete) return ListenerSignal.None;
        int newline = _buffer.IndexOf((byte)'\n');
        if (newline < 0) return _buffer.Count > MaxResultLine ? Break("RESULT line too long") : ListenerSignal.None;
        var digits = Encoding.ASCII.GetString(_buffer.GetRange(ResultToken.Length, newline - ResultToken.Length).ToArray());
        if (!int.TryParse(digits, System.Globalization.NumberStyles.None, null, out int length)) return Break($"bad RESULT length '{digits}'");
        if (_buffer.Count < newline + 1 + length) return ListenerSignal.None;
        Body = _buffer.GetRange(newline + 1, length).ToArray();
        _buffer.RemoveRange(0, newline + 1 + length);
        State = ListenerState.Acknowledged;
        return ListenerSignal.Result;
    }

    private bool Matches(byte[] token, out bool complete)
    {
        int n = Math.Min(token.Length, _buffer.Count);
        for (int i = 0; i < n; i++)
            if (_buffer[i] != token[i]) { complete = false; return false; }
        complete = n == token.Length;
        return true;
    }

    private ListenerSignal Break(string why)
    {
        var shown = Encoding.UTF8.GetString(_buffer.Take(40).ToArray()).Replace("\n", "\\n");
        Error = $"{why}, got '{shown}'";
        State = ListenerState.Unknown;
        _buffer.Clear();
        return ListenerSignal.Broken;
    }
}
