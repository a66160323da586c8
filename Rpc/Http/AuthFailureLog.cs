namespace Supervice.Rpc.Http;

/// <summary>Wrong credentials are logged at most once per interval per client address; the next line counts the
/// failures in between (a password-guessing loop must not flood the log).</summary>
public sealed class AuthFailureLog(TimeSpan interval, Action<bool, string>? log)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, (long NextAt, int Suppressed)> _last = new(StringComparer.Ordinal);

    public void Failed(string peer)
    {
        var now = Environment.TickCount64;
        string? line = null;
        lock (_lock)
        {
            if (_last.TryGetValue(peer, out var last) && now < last.NextAt) { _last[peer] = (last.NextAt, last.Suppressed + 1); return; }
            if (_last.Count >= 4096) foreach (var (k, v) in _last.ToArray()) if (now >= v.NextAt) _last.Remove(k);
            _last[peer] = (now + (long)interval.TotalMilliseconds, 0);
            var more = last.Suppressed > 0 ? $"; {last.Suppressed} more since the last report" : "";
            line = $"HTTP request from {peer} refused: wrong or missing credentials{more} (logged at most once a minute per address)";
        }
        log?.Invoke(true, line);
    }
}
