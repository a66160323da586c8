using Supervice.Core.Native.Streams;

namespace Supervice.Core.Output;

/// <summary>The daemon's own stdout, shared by the foreground daemon log and every `*_logfile = console` stream:
/// each caller hands over whole lines, written under one lock, so lines from different sources never mix.</summary>
public static class ConsoleLog
{
    private static readonly Lock Gate = new();

    public static void Write(Stream stdout, ReadOnlySpan<byte> lines)
    {
        lock (Gate) CliOutput.Write(stdout, lines);
    }
}
