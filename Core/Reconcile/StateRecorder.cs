using Microsoft.Extensions.Logging;
using ZLogger;
using Supervice.Core.Engine;
using Supervice.Core.Lifecycle;




namespace Supervice.Core.Reconcile;

/// <summary>Keeps the state file current: after a state change (debounced, so a burst of starts is one write) the
/// loop takes a snapshot of the live children plus the still-alive records carried from older crashes; a worker
/// writes it off the loop, latest snapshot wins. A last write at shutdown.</summary>
public sealed class StateRecorder
{
    public const int DebounceMs = 200;

    private readonly Supervisor _supervisor;
    private readonly ILogger _log;
    private readonly Dictionary<int, string> _tokens = new();
    private readonly Lock _gate = new();
    private readonly Lock _fileLock = new();
    private List<StateRecord> _carried = [];
    private List<StateRecord>? _pending;
    private bool _scheduled, _writing, _failing, _closed;

    public StateRecorder(Supervisor supervisor, string path, ILogger log)
    {
        _supervisor = supervisor;
        Path = path;
        _log = log;
        supervisor.StateChanged += (_, _, _) => Schedule();
    }

    public string Path { get; }

    /// <summary>Records of older crashes whose processes were left running (loop thread).</summary>
    public void Carry(List<StateRecord> records)
    {
        _carried = records;
        Schedule();
    }

    private void Schedule()
    {
        if (_scheduled || _closed) return;
        _scheduled = true;
        _supervisor.After(DebounceMs, Flush);
    }

    private void Flush()
    {
        _scheduled = false;
        if (_closed) return;
        var snapshot = Snapshot();
        lock (_gate)
        {
            _pending = snapshot;
            if (_writing) return;
            _writing = true;
        }
        ThreadPool.UnsafeQueueUserWorkItem(_ => Drain(), null);
    }

    /// <summary>Loop thread: live children (STARTING included: a crash then must not leave it unknown) + carried records still alive.</summary>
    public List<StateRecord> Snapshot()
    {
        var records = new List<StateRecord>();
        var live = new HashSet<int>();
        foreach (var p in _supervisor.Processes)
        {
            if (!p.State.State.HasChild() || p.Pid <= 0) continue;
            if (!_tokens.TryGetValue(p.Pid, out var token))
            {
                if ((token = ProcessIdentity.Token(p.Pid)) is null) continue;
                _tokens[p.Pid] = token;
            }
            live.Add(p.Pid);
            records.Add(new StateRecord(p.Name, p.Pid, ProcessIdentity.PgidOf(token), token, p.Spec.PdeathSig, p.Spec.Reconcile));
        }
        foreach (var stale in _tokens.Keys.Where(pid => !live.Contains(pid)).ToList()) _tokens.Remove(stale);
        _carried = _carried.Where(r => !live.Contains(r.Pid) && ProcessIdentity.Token(r.Pid) == r.Token && ProcessIdentity.Stat(r.Pid) is { State: not 'Z' }).ToList();
        records.AddRange(_carried);
        return records;
    }

    private void Drain()
    {
        while (true)
        {
            List<StateRecord> snapshot;
            lock (_gate)
            {
                if (_pending is null || _closed) { _writing = false; return; }
                snapshot = _pending;
                _pending = null;
            }
            lock (_fileLock) if (!_closed) WriteReporting(snapshot);
        }
    }

    /// <summary>Loop thread, after shutdown: the final snapshot, written synchronously; no write follows it.</summary>
    public void Close()
    {
        var snapshot = Snapshot();
        lock (_gate) _closed = true;
        lock (_fileLock) WriteReporting(snapshot);
    }

    private void WriteReporting(List<StateRecord> snapshot)
    {
        var error = StateFile.Write(Path, snapshot);
        if (error is not null && !_failing) _log.ZLogWarning($"cannot write state file {Path}: {error}");
        if (error is null && _failing) _log.ZLogInformation($"state file {Path} written again");
        _failing = error is not null;
    }
}
