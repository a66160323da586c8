using System.Text;
using Supervice.Rpc.Wire;

namespace Supervice.Tests.Unit.Rpc.Wire;

[TestClass]
public class FramingTests
{
    /// <summary>Hands out at most one byte per read, like a slow socket.</summary>
    private sealed class TrickleStream(byte[] data) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
            => base.ReadAsync(buffer[..Math.Min(1, buffer.Length)], ct);
    }

    private static byte[] Frame(uint length, byte[] body)
    {
        var header = new byte[] { (byte)(length >> 24), (byte)(length >> 16), (byte)(length >> 8), (byte)length };
        return [.. header, .. body];
    }

    [TestMethod]
    public void EncodeWritesBigEndianLengthThenPayload()
    {
        var f = Framing.Encode("{}"u8);
        CollectionAssert.AreEqual(new byte[] { 0, 0, 0, 2, (byte)'{', (byte)'}' }, f);
    }

    [TestMethod]
    public async Task FrameArrivingOneByteAtATimeIsReassembled()
    {
        var body = Encoding.UTF8.GetBytes("{\"command\": \"status\"}");
        var r = await Framing.ReadAsync(new TrickleStream(Frame((uint)body.Length, body)), default);
        CollectionAssert.AreEqual(body, r.Payload);
    }

    [TestMethod]
    public async Task ExactlyOneMebibyteIsAllowed()
    {
        var body = new byte[Framing.MaxPayload];
        var r = await Framing.ReadAsync(new MemoryStream(Frame((uint)body.Length, body)), default);
        Assert.IsFalse(r.IsTooLarge);
        Assert.AreEqual(Framing.MaxPayload, r.Payload!.Length);
    }

    [TestMethod]
    public async Task OneByteOverTheCapIsTooLargeWithoutReadingTheBody()
    {
        var r = await Framing.ReadAsync(new MemoryStream(Frame(Framing.MaxPayload + 1, [])), default);
        Assert.IsTrue(r.IsTooLarge);
        Assert.AreEqual("Message too large: 1048577 bytes (max 1048576)", Framing.TooLargeMessage(r.Length));
    }

    [TestMethod]
    public async Task ZeroLengthIsAValidEmptyFrame()
    {
        var r = await Framing.ReadAsync(new MemoryStream(Frame(0, [])), default);
        Assert.IsNotNull(r.Payload);
        Assert.AreEqual(0, r.Payload.Length);
    }

    [TestMethod]
    public async Task PeerClosingMidHeaderOrMidBodyIsClosed()
    {
        Assert.IsTrue((await Framing.ReadAsync(new MemoryStream([0, 0]), default)).IsClosed);
        Assert.IsTrue((await Framing.ReadAsync(new MemoryStream(Frame(10, [1, 2, 3])), default)).IsClosed);
    }
}
