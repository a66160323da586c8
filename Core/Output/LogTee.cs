using Supervice.Core.Native.Streams;

namespace Supervice.Core.Output;

/// <summary>The daemon log's destination: a console stream (foreground without a log file) and/or the sink
/// that rotates the log file and keeps the ring read by `ctl maintail`.</summary>
public sealed class LogTee(Stream? console, OutputSink sink) : WriteOnlyStream
{
    public OutputSink Sink { get; } = sink;

    public override void Write(ReadOnlySpan<byte> data)
    {
        if (console is not null) ConsoleLog.Write(console, data);
        Sink.Write(data);
    }
}
