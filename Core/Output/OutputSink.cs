using Supervice.Config.Model;

namespace Supervice.Core.Output;

/// <summary>One stream (stdout or stderr) of one process, across all its runs: the 64 KiB ring for `tail`, and the
/// rotating log file when the spec names one. Write is called by one capture worker at a time; the other members
/// are safe from any thread.</summary>
public sealed class OutputSink : IDisposable
{
    private readonly OutputRing _ring = new();
    private readonly Lock _writerLock = new();
    private RotatingLogWriter? _writer;
    private Action<string>? _onError;

    public OutputSink(string processName, string streamName, LogSpec spec)
    {
        ProcessName = processName;
        StreamName = streamName;
        Spec = spec;
        _writer = CreateWriter(spec);
    }

    public string ProcessName { get; }
    public string StreamName { get; }
    public LogSpec Spec { get; private set; }
    public long TotalBytes => _ring.TotalBytes;

    /// <summary>Raised after bytes were appended (on a capture worker thread); followers then call TryReadFrom.</summary>
    public event Action? DataAppended;

    /// <summary>Receives "NAME STREAM log: what failed", once per run of consecutive failures.</summary>
    public Action<string>? OnError
    {
        get => _onError;
        set { _onError = value; lock (_writerLock) if (_writer is not null) _writer.OnError = Report; }
    }

    public long WriteErrors { get { lock (_writerLock) return _writer?.ErrorCount ?? 0; } }

    public void Write(ReadOnlySpan<byte> data)
    {
        _ring.Append(data);
        DataAppended?.Invoke();
        lock (_writerLock) _writer?.Write(data);
    }

    public void Reconfigure(LogSpec spec)
    {
        lock (_writerLock)
        {
            if (spec.Path == Spec.Path && _writer is not null)
            {
                _writer.MaxBytes = spec.MaxBytes;
                _writer.Backups = spec.Backups;
            }
            else
            {
                _writer?.Dispose();
                _writer = CreateWriter(spec);
            }
            Spec = spec;
        }
    }

    /// <summary>SIGUSR2: the next write opens the file again.</summary>
    public void Reopen() { lock (_writerLock) _writer?.Reopen(); }

    /// <summary>supervisord's clearProcessLogs: the ring forgets, the log file is removed and opened again on the next write.
    /// False (with the reason) when the file could not be removed.</summary>
    public bool Clear(out string? error)
    {
        error = null;
        _ring.Clear();
        lock (_writerLock)
        {
            if (Spec.Path is not { } path) return true;
            try { File.Delete(path); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { error = $"cannot remove {path}"; return false; }
            _writer?.Reopen();
        }
        return true;
    }

    public byte[] TailBytes(int maxBytes) => _ring.TailBytes(maxBytes);

    public string TailLines(int lines) => _ring.TailLines(lines);

    public byte[] TailLineBytes(int lines, out long end) => _ring.TailLineBytes(lines, out end);

    public bool TryReadFrom(long offset, out byte[] bytes, out long next) => _ring.TryReadFrom(offset, out bytes, out next);

    public void Dispose() { lock (_writerLock) { _writer?.Dispose(); _writer = null; } _ring.Dispose(); }

    private RotatingLogWriter? CreateWriter(LogSpec spec) =>
        spec.Path is null ? null : new RotatingLogWriter(spec.Path, spec.MaxBytes, spec.Backups) { OnError = Report };

    private void Report(string message) => _onError?.Invoke($"{ProcessName} {StreamName} log: {message}");
}
