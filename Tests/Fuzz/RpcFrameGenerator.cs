using System.Buffers.Binary;
using System.Text;

namespace Supervice.Tests.Fuzz;

/// <summary>Hostile RPC frames from a seed: random bytes, truncated frames, lying and oversized lengths, non-UTF-8,
/// deep JSON, and every request field with every wrong type. Deterministic for a seed, so a failure replays.</summary>
public sealed class RpcFrameGenerator(int seed)
{
    private static readonly string[] Commands = ["status", "start", "stop", "restart", "startgroup", "stopgroup", "reload", "signal",
        "pid", "tail", "maintail", "version", "bogus", "", "STATUS"];
    private static readonly string[] Fields = ["command", "name", "names", "force", "dry_run", "signal", "lines", "bytes", "follow", "stream", "offset"];
    private static readonly string[] WrongValues = ["null", "true", "false", "0", "-1", "1e308", "-9223372036854775809", "18446744073709551616",
        "\"\"", "\"x\"", "[]", "{}", "[1,[2]]", "{\"a\":{}}", "\"\\u0000\"", "\"\\ud800\"", "1.5", "\"all\"", "[\"all\"]", "[null]"];

    private readonly Random _rng = new(seed);

    /// <summary>One frame (or fragment) and a label naming its kind for failure messages.</summary>
    public (string Kind, byte[] Bytes) Next() => _rng.Next(9) switch
    {
        0 => ("random bytes", RandomBytes(_rng.Next(0, 64))),
        1 => ("truncated frame", Truncate(Frame(Encoding.UTF8.GetBytes(RandomRequest())))),
        2 => ("lying length", LyingLength()),
        3 => ("oversized length", Header((uint)_rng.NextInt64(1024 * 1024 + 1, uint.MaxValue))),
        4 => ("non-utf8", Frame(NonUtf8())),
        5 => ("deep json", Frame(Encoding.UTF8.GetBytes(Deep()))),
        6 => ("wrong field types", Frame(Encoding.UTF8.GetBytes(RandomRequest()))),
        7 => ("mutated request", Frame(Mutate(Encoding.UTF8.GetBytes(RandomRequest())))),
        _ => ("empty frame", Header(0)),
    };

    public static byte[] Frame(byte[] payload) => Supervice.Rpc.Wire.Framing.Encode(payload); // well-formed: the product's writer

    private static byte[] Header(uint length)
    {
        var h = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(h, length);
        return h;
    }

    private byte[] RandomBytes(int n)
    {
        var b = new byte[n];
        _rng.NextBytes(b);
        return b;
    }

    private byte[] Truncate(byte[] frame) => frame[.._rng.Next(0, frame.Length)];

    private byte[] LyingLength()
    {
        var payload = Encoding.UTF8.GetBytes(RandomRequest());
        var frame = Frame(payload);
        BinaryPrimitives.WriteUInt32BigEndian(frame, (uint)Math.Max(0, payload.Length + _rng.Next(-payload.Length, 4096)));
        return frame;
    }

    private byte[] NonUtf8()
    {
        var b = Encoding.UTF8.GetBytes("{\"command\": \"status\", \"name\": \"XX\"}");
        int at = b.Length - 4;
        b[at] = (byte)_rng.Next(0x80, 0x100);
        b[at + 1] = (byte)_rng.Next(0xC0, 0x100);
        return b;
    }

    private string Deep()
    {
        int depth = _rng.Next(1, 4) == 1 ? 10_000 : _rng.Next(10, 2_000);
        var open = _rng.Next(2) == 0 ? "[" : "{\"a\":";
        var close = open == "[" ? "]" : "}";
        var inner = string.Concat(Enumerable.Repeat(open, depth)) + "1" + string.Concat(Enumerable.Repeat(close, depth));
        return _rng.Next(2) == 0 ? inner : $"{{\"command\": \"status\", \"names\": {inner}}}";
    }

    private string RandomRequest()
    {
        var parts = new List<string>();
        if (_rng.Next(4) != 0) parts.Add($"\"command\": {(_rng.Next(3) == 0 ? Pick(WrongValues) : $"\"{Pick(Commands)}\"")}");
        int extra = _rng.Next(0, 4);
        for (int i = 0; i < extra; i++) parts.Add($"\"{Pick(Fields)}\": {Pick(WrongValues)}");
        return "{" + string.Join(", ", parts) + "}";
    }

    private byte[] Mutate(byte[] b)
    {
        int edits = _rng.Next(1, 4);
        for (int i = 0; i < edits && b.Length > 0; i++) b[_rng.Next(b.Length)] = (byte)_rng.Next(256);
        return b;
    }

    private T Pick<T>(T[] items) => items[_rng.Next(items.Length)];
}
