namespace Supervice.Rpc.Wire;

/// <summary>The outcome of reading one frame: a payload, a length over the cap, or a peer that closed early.</summary>
public readonly record struct FrameRead(byte[]? Payload, uint Length, bool IsTooLarge)
{
    public static readonly FrameRead Closed = new(null, 0, false);
    public static FrameRead Oversized(uint length) => new(null, length, true);
    public static FrameRead Complete(byte[] payload) => new(payload, (uint)payload.Length, false);
    public bool IsClosed => Payload is null && !IsTooLarge;
}
