namespace Supervice.Core;

/// <summary>The daemon log's destination: a console stream (foreground without a log file) and/or the sink
/// that rotates the log file and keeps the ring read by `ctl maintail`.</summary>
public sealed class LogTee(Stream? console, OutputSink sink) : Stream
{
    public OutputSink Sink { get; } = sink;
    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> data)
    {
        if (console is not null) CliOutput.Write(console, data);
        Sink.Write(data);
    }
}
