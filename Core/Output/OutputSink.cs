using Supervice.Config.Model;

namespace Supervice.Core.Output;

/// <summary>One stream (stdout or stderr) of one process, across all its runs: the 64 KiB ring for `tail`, and the
/// rotating log file when the spec names one. Write is called by one capture worker at a time; the other members
/// are safe from any thread and never wait for the file: a write may be stuck on a hung disk while holding the writer
/// lock, so reopen, reconfigure and dispose only leave a request that the writer side carries out (README: Security).</summary>
public sealed class OutputSink : IDisposable
{
    private readonly OutputRing _ring = new();
    private readonly Lock _writerLock = new();   // held around file I/O: only capture workers and the pool wait on it
    private readonly Lock _requestLock = new();  // held for a few instructions, never around I/O
    private RotatingLogWriter? _writer;
    private ConsoleLineWriter? _console;
    private LineStamper? _stamper;
    private Action<string>? _onError;
    private LogSpec? _newSpec;
    private bool _reopen, _dispose, _applyQueued;

    public OutputSink(string processName, string streamName, LogSpec spec)
    {
        ProcessName = processName;
        StreamName = streamName;
        Spec = spec;
        _writer = CreateWriter(spec);
        (_console, _stamper) = (CreateConsole(spec), CreateStamper(spec));
    }

    public string ProcessName { get; }
    public string StreamName { get; }
    /// <summary>The latest spec asked for (the writer may not have switched to it yet).</summary>
    public LogSpec Spec { get; private set; }
    public long TotalBytes => _ring.TotalBytes;

    /// <summary>Raised after bytes were appended (on a capture worker thread); followers then call TryReadFrom.</summary>
    public event Action? DataAppended;

    /// <summary>Sees each chunk as it is read, before anything else (readiness = log:TEXT, fd:N); capture thread.</summary>
    public volatile ChunkWatcher? Watcher;

    /// <summary>Receives "NAME STREAM log: what failed", once per run of consecutive failures.</summary>
    public Action<string>? OnError { get => _onError; set => _onError = value; }

    public long WriteErrors { get { lock (_writerLock) return _writer?.ErrorCount ?? 0; } }

    /// <summary>Sees every chunk before it is logged (PROCESS_LOG_* events, an event listener's protocol).</summary>
    public ChunkTap? Tap { get => Volatile.Read(ref _tap); set => Volatile.Write(ref _tap, value); }
    private ChunkTap? _tap;

    public void Write(ReadOnlySpan<byte> data)
    {
        Watcher?.Invoke(data);
        Volatile.Read(ref _tap)?.Invoke(data);
        _ring.Append(data);
        DataAppended?.Invoke();
        lock (_writerLock)
        {
            ApplyRequests();
            if (_writer is null && _console is null) return;
            var line = _stamper is null ? data : _stamper.Stamp(data);
            _writer?.Write(line);
            _console?.Write(line);
        }
    }

    /// <summary>Reload: new rotation sizes apply in place; a new path closes the old file and writes the new one.</summary>
    public void Reconfigure(LogSpec spec)
    {
        lock (_requestLock)
        {
            if (_dispose) return;
            _newSpec = spec;
            Spec = spec;
        }
        HandOver();
    }

    /// <summary>Opens the log file now (the daemon's own log, at startup); null when there is none or it opened, else why not.</summary>
    public string? OpenLog() { lock (_writerLock) return _writer?.OpenNow(); }

    /// <summary>SIGUSR2: the next write opens the file again.</summary>
    public void Reopen()
    {
        lock (_requestLock)
        {
            if (NoWriter) return;
            _reopen = true;
        }
        HandOver();
    }

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

    /// <summary>Frees the ring now; the log file is closed on the writer side, once no write is stuck in it.</summary>
    public void Dispose()
    {
        bool noWriter;
        lock (_requestLock)
        {
            noWriter = NoWriter;
            _dispose = true;
        }
        _ring.Dispose();
        if (!noWriter) HandOver();
    }

    /// <summary>Under the request lock: every spec asked for is applied and names no file and no console, so there
    /// is no writer.</summary>
    private bool NoWriter => _newSpec is null && Spec.Path is null && !Spec.Console;

    /// <summary>One pool work item at a time applies the requests under the writer lock, so the caller (the event
    /// loop) returns at once; a write that comes first applies them itself.</summary>
    private void HandOver()
    {
        lock (_requestLock)
        {
            if (_applyQueued) return;
            _applyQueued = true;
        }
        ThreadPool.UnsafeQueueUserWorkItem(static sink =>
        {
            lock (sink._requestLock) sink._applyQueued = false;
            lock (sink._writerLock) sink.ApplyRequests();
        }, this, preferLocal: false);
    }

    /// <summary>Under the writer lock.</summary>
    private void ApplyRequests()
    {
        LogSpec? spec;
        bool reopen, dispose;
        lock (_requestLock)
        {
            (spec, reopen, dispose) = (_newSpec, _reopen, _dispose);
            (_newSpec, _reopen) = (null, false);
        }
        if (dispose) { _writer?.Dispose(); _writer = null; _console?.Dispose(); _console = null; return; }
        if (spec is not null)
        {
            if (spec.Console != (_console is not null)) { _console?.Dispose(); _console = CreateConsole(spec); }
            if (spec.Timestamps != (_stamper is not null)) _stamper = CreateStamper(spec);
            if (_writer is not null && spec.Path == _writer.Path)
            {
                _writer.MaxBytes = spec.MaxBytes;
                _writer.Backups = spec.Backups;
            }
            else
            {
                _writer?.Dispose();
                _writer = CreateWriter(spec);
            }
        }
        if (reopen) _writer?.Reopen();
    }

    private RotatingLogWriter? CreateWriter(LogSpec spec) =>
        spec.Path is null ? null : new RotatingLogWriter(spec.Path, spec.MaxBytes, spec.Backups) { OnError = Report };

    private ConsoleLineWriter? CreateConsole(LogSpec spec) => spec.Console ? new ConsoleLineWriter(ProcessName) : null;

    private static LineStamper? CreateStamper(LogSpec spec) => spec.Timestamps ? new LineStamper() : null;

    private void Report(string message) => _onError?.Invoke($"{ProcessName} {StreamName} log: {message}");
}

/// <summary>A look at bytes just read from a child's pipe, without copying them.</summary>
public delegate void ChunkWatcher(ReadOnlySpan<byte> data);
