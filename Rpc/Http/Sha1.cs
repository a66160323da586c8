using System.Buffers.Binary;
using System.Numerics;

namespace Supervice.Rpc.Http;

/// <summary>SHA-1 (FIPS 180-4) for `{SHA}` passwords only. Our own few lines: the runtime's SHA1 goes through OpenSSL,
/// which a static AOT binary should not need at run time for this.</summary>
public static class Sha1
{
    public static byte[] Hash(ReadOnlySpan<byte> data)
    {
        uint h0 = 0x67452301, h1 = 0xEFCDAB89, h2 = 0x98BADCFE, h3 = 0x10325476, h4 = 0xC3D2E1F0;
        long bitLength = (long)data.Length * 8;
        int padded = (data.Length + 9 + 63) / 64 * 64;
        var msg = new byte[padded];
        data.CopyTo(msg);
        msg[data.Length] = 0x80;
        BinaryPrimitives.WriteInt64BigEndian(msg.AsSpan(padded - 8), bitLength);
        Span<uint> w = stackalloc uint[80];
        for (int block = 0; block < padded; block += 64)
        {
            for (int i = 0; i < 16; i++) w[i] = BinaryPrimitives.ReadUInt32BigEndian(msg.AsSpan(block + i * 4));
            for (int i = 16; i < 80; i++) w[i] = BitOperations.RotateLeft(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
            uint a = h0, b = h1, c = h2, d = h3, e = h4;
            for (int i = 0; i < 80; i++)
            {
                uint f, k;
                if (i < 20) { f = (b & c) | (~b & d); k = 0x5A827999; }
                else if (i < 40) { f = b ^ c ^ d; k = 0x6ED9EBA1; }
                else if (i < 60) { f = (b & c) | (b & d) | (c & d); k = 0x8F1BBCDC; }
                else { f = b ^ c ^ d; k = 0xCA62C1D6; }
                uint t = BitOperations.RotateLeft(a, 5) + f + e + k + w[i];
                e = d; d = c; c = BitOperations.RotateLeft(b, 30); b = a; a = t;
            }
            h0 += a; h1 += b; h2 += c; h3 += d; h4 += e;
        }
        var result = new byte[20];
        BinaryPrimitives.WriteUInt32BigEndian(result, h0);
        BinaryPrimitives.WriteUInt32BigEndian(result.AsSpan(4), h1);
        BinaryPrimitives.WriteUInt32BigEndian(result.AsSpan(8), h2);
        BinaryPrimitives.WriteUInt32BigEndian(result.AsSpan(12), h3);
        BinaryPrimitives.WriteUInt32BigEndian(result.AsSpan(16), h4);
        return result;
    }
}
