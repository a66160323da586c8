namespace Supervice.Rpc.Server;

/// <summary>A version number bumped on every change the dashboard shows, and a wait for the next one: a server-sent
/// event stream sleeps here (no timer, no poll) until something changes.</summary>
public sealed class ChangeFeed
{
    private readonly object _lock = new();
    private long _version;
    private TaskCompletionSource<long> _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public long Version { get { lock (_lock) return _version; } }

    public void Bump()
    {
        TaskCompletionSource<long> done;
        lock (_lock)
        {
            _version++;
            done = _next;
            _next = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        done.TrySetResult(_version);
    }

    /// <summary>The first version after `seen` (at once when it is already past).</summary>
    public Task<long> AfterAsync(long seen, CancellationToken ct)
    {
        Task<long> next;
        lock (_lock)
        {
            if (_version != seen) return Task.FromResult(_version);
            next = _next.Task;
        }
        return next.WaitAsync(ct);
    }
}
