using System.Runtime.InteropServices;
using Supervice.Core.Native;

namespace Supervice.Tests.Unit.Core.Native;

/// <summary>The arena's strings, arrays and environments read back exactly, across many chunks.</summary>
[TestClass]
public unsafe class NativeArenaTests
{
    [TestMethod]
    public void AnEnvironmentIsNameEqualsValuePerPairThenNull()
    {
        var vars = Enumerable.Range(0, 500)
            .Select(i => new KeyValuePair<string, string>($"V{i}", i % 7 == 0 ? "" : new string('x', i * 13 % 3000) + "é"))
            .ToList();
        using var arena = new NativeArena();
        byte** envp = arena.Environment(vars);
        for (int i = 0; i < vars.Count; i++)
            Assert.AreEqual($"{vars[i].Key}={vars[i].Value}", Marshal.PtrToStringUTF8((nint)envp[i]), $"entry {i}");
        Assert.IsTrue(envp[vars.Count] == null, "the array ends with a null pointer");
    }

    [TestMethod]
    public void StringsArraysAndAllocationsDoNotOverlapAcrossChunks()
    {
        using var arena = new NativeArena();
        var items = Enumerable.Range(0, 300).Select(i => new string((char)('a' + i % 26), i * 37 % 5000)).ToList();
        byte** argv = arena.Array(items);
        var block = (byte*)arena.Alloc(100_000);
        for (int i = 0; i < 100_000; i++) Assert.AreEqual(0, block[i], "Alloc hands out zeroed memory");
        new Span<byte>(block, 100_000).Fill(0xff);
        byte* path = arena.String("/bin/sleep");
        for (int i = 0; i < items.Count; i++) Assert.AreEqual(items[i], Marshal.PtrToStringUTF8((nint)argv[i]), $"item {i}");
        Assert.IsTrue(argv[items.Count] == null);
        Assert.AreEqual("/bin/sleep", Marshal.PtrToStringUTF8((nint)path));
        Assert.AreEqual(0L, (long)arena.Alloc(3) % 8, "8-byte aligned");
    }
}
