using System.Text;
using Supervice.Rpc.XmlRpc;
using Supervice.Tests.Fuzz;

namespace Supervice.Tests.Unit.Rpc.XmlRpc;

/// <summary>Mutated XML-RPC bodies: the reader never throws and either reads a call or says why not.</summary>
[TestClass]
public class XmlRpcFuzzTests
{
    private const string Seed = "<?xml version='1.0'?>\n<methodCall>\n<methodName>system.multicall</methodName>\n<params>\n<param>\n"
        + "<value><array><data>\n<value><struct>\n<member>\n<name>methodName</name>\n<value><string>supervisor.getState</string></value>\n</member>\n"
        + "<member>\n<name>params</name>\n<value><array><data>\n<value><int>1</int></value><value><boolean>0</boolean></value>"
        + "<value><double>2.5</double></value><value><base64>aGk=</base64></value><value>a &amp; b &#x263A;</value>\n"
        + "</data></array></value>\n</member>\n</struct></value>\n</data></array></value>\n</param>\n</params>\n</methodCall>\n";

    private static readonly string[] Fragments =
        ["<", ">", "</", "/>", "&", "&amp;", "&#", ";", "<value>", "</value>", "<array><data>", "</data></array>", "<struct>", "<member>",
         "<!DOCTYPE a>", "<![CDATA[", "<?x?>", "<!--", "-->", "\0", "\uFFFF", "<i4>", "</i4>", "<name>"];

    [TestMethod]
    public void MutatedBodiesNeverThrow()
    {
        int count = FuzzBudget.Count(5_000, 100_000);
        int seed = FuzzBudget.Seed(nameof(MutatedBodiesNeverThrow));
        var rng = new Random(seed);
        int read = 0, refused = 0;
        for (int i = 0; i < count; i++)
        {
            var text = new StringBuilder(Seed);
            for (int e = rng.Next(0, 3); e > 0; e--)
            {
                int at = rng.Next(text.Length + 1);
                switch (rng.Next(8))
                {
                    case 0: text.Insert(at, Fragments[rng.Next(Fragments.Length)]); break;
                    case 1 when at < text.Length: text.Remove(at, Math.Min(text.Length - at, rng.Next(1, 30))); break;
                    case 2 when at < text.Length: text[at] = (char)rng.Next(1, 0x7f); break;
                    case 3: text.Length = Math.Min(text.Length, at); break;
                    default: text.Insert(at, rng.Next(2) == 0 ? "<value><i4>7</i4></value>" : "<value><string>x&amp;y</string></value>"); break;
                }
            }
            var bytes = Encoding.UTF8.GetBytes(text.ToString());
            if (rng.Next(20) == 0 && bytes.Length > 0) bytes[rng.Next(bytes.Length)] = (byte)rng.Next(256);
            XmlRpcCall? call;
            string? error;
            try { call = XmlRpcReader.Parse(bytes, out error); }
            catch (Exception ex) { Assert.Fail($"seed {seed}, case {i}: {ex.GetType().Name} on {Convert.ToBase64String(bytes)}"); return; }
            if (call is null) { refused++; Assert.IsFalse(string.IsNullOrEmpty(error), $"seed {seed}, case {i}: refused without a reason"); }
            else { read++; Assert.IsFalse(string.IsNullOrWhiteSpace(call.Method)); }
        }
        Console.WriteLine($"{count} mutated XML-RPC bodies (seed {seed}): {read} read, {refused} refused with a reason");
    }
}
