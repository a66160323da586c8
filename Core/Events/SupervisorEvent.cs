namespace Supervice.Core.Events;

/// <summary>One event as supervisord sends it: its type name and payload. Serial is the global serial, given when
/// the first pool accepts it; a rejected event keeps its serials when it is sent again.</summary>
public sealed class SupervisorEvent(string type, byte[] payload)
{
    public string Type { get; } = type;
    public byte[] Payload { get; } = payload;
    public long Serial { get; set; } = -1;
}
