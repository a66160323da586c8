using System.Collections.Concurrent;

namespace Supervice.Tests.EndToEnd;

/// <summary>No test may leave a process behind (SPEC §14: nothing of any tree survives the daemon's shutdown). Every
/// <see cref="Daemon"/> gives its children a marker in their environment; once a daemon has ended by itself or by
/// SIGTERM (not by a deliberate SIGKILL), any live process still carrying its marker is a leftover: it is killed,
/// recorded here, and fails the test that is running when the record is read (checked after every test).</summary>
[TestClass]
public static class Leftovers
{
    public const string MarkerVariable = "SUPERVICE_E2E_DAEMON";
    private static readonly ConcurrentQueue<string> Found = new();

    /// <summary>Live (non-zombie) processes whose environment holds MARKER=value.</summary>
    public static List<int> Carrying(string value)
    {
        var needle = System.Text.Encoding.UTF8.GetBytes($"{MarkerVariable}={value}\0");
        var pids = new List<int>();
        foreach (var d in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(d), out var pid) || pid == Environment.ProcessId) continue;
            try
            {
                if (File.ReadAllBytes($"/proc/{pid}/environ").AsSpan().IndexOf(needle) >= 0 && Proc.Alive(pid)) pids.Add(pid);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
        return pids;
    }

    internal static void Record(string what) => Found.Enqueue(what);

    [GlobalTestCleanup]
    public static void NoProcessLeftBehind(TestContext context)
    {
        var found = new List<string>();
        while (Found.TryDequeue(out var f)) found.Add(f);
        if (found.Count > 0)
            Assert.Fail($"processes outlived their daemon (seen after {context.FullyQualifiedTestClassName}.{context.TestName}):\n{string.Join("\n", found)}");
    }
}
