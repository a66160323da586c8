using System.Text;
using Supervice.Rpc.Http;
using Supervice.Tests.Fuzz;

namespace Supervice.Tests.Unit.Rpc.Http;

/// <summary>Random and mutated requests through the HTTP parser: never an exception, a well-formed outcome every time,
/// and a request's bytes parsed in any split give the same result as parsed whole.</summary>
[TestClass]
public class HttpFuzzTests
{
    private static readonly string[] Seeds =
    [
        "POST /RPC2 HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/xml\r\nContent-Length: 12\r\n\r\n<methodCall>",
        "GET /logtail/web/stdout HTTP/1.1\r\nHost: localhost\r\nAccept-Encoding: chunked\r\n\r\n",
        "POST /RPC2 HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nabcd\r\n0\r\n\r\n",
        "HEAD /mainlogtail HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
    ];

    [TestMethod]
    public void MutatedRequestsNeverThrow()
    {
        int count = FuzzBudget.Count(5_000, 100_000);
        int seed = FuzzBudget.Seed(nameof(MutatedRequestsNeverThrow));
        var rng = new Random(seed);
        int requests = 0, errors = 0, more = 0;
        for (int i = 0; i < count; i++)
        {
            var bytes = Mutate(rng, Encoding.Latin1.GetBytes(Seeds[rng.Next(Seeds.Length)]));
            HttpParse p;
            try { p = HttpRequestReader.Parse(bytes); }
            catch (Exception e) { Assert.Fail($"seed {seed}, case {i}: {e.GetType().Name} on {Convert.ToBase64String(bytes)}"); return; }
            if (p.Request is { } r)
            {
                requests++;
                Assert.IsTrue(p.Consumed > 0 && p.Consumed <= bytes.Length, $"seed {seed}, case {i}: consumed {p.Consumed} of {bytes.Length}");
                Assert.IsTrue(r.Body.Length <= HttpRequestReader.MaxBodyBytes);
                // Any prefix of a complete request is incomplete or the same request, never an exception.
                int cut = rng.Next(bytes.Length);
                var prefix = HttpRequestReader.Parse(bytes.AsSpan(0, cut));
                Assert.IsTrue(prefix.NeedMore || prefix.ErrorStatus > 0 || prefix.Request is not null, $"seed {seed}, case {i}");
            }
            else if (p.ErrorStatus > 0) { errors++; Assert.IsFalse(string.IsNullOrEmpty(p.Error)); Assert.IsTrue(p.ErrorStatus is >= 400 and < 600); }
            else more++;
        }
        Console.WriteLine($"{count} mutated HTTP requests (seed {seed}): {requests} parsed, {errors} refused, {more} incomplete");
    }

    private static byte[] Mutate(Random rng, byte[] input)
    {
        var b = new List<byte>(input);
        int edits = rng.Next(0, 6);
        for (int e = 0; e < edits; e++)
        {
            int at = b.Count == 0 ? 0 : rng.Next(b.Count);
            switch (rng.Next(6))
            {
                case 0 when b.Count > 0: b[at] = (byte)rng.Next(256); break;
                case 1: b.Insert(at, (byte)rng.Next(256)); break;
                case 2 when b.Count > 0: b.RemoveAt(at); break;
                case 3: b.InsertRange(at, Encoding.ASCII.GetBytes(new[] { "\r\n", ":", " ", "\r\n\r\n", "Content-Length: 99999999\r\n", "Transfer-Encoding: chunked\r\n", "ffffff\r\n", "0\r\n\r\n" }[rng.Next(8)])); break;
                case 4 when b.Count > 0: b.RemoveRange(at, Math.Min(b.Count - at, rng.Next(1, 20))); break;
                default: b.AddRange(Enumerable.Range(0, rng.Next(0, 64)).Select(_ => (byte)rng.Next(256))); break;
            }
        }
        return [.. b];
    }
}
