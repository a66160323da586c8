using Supervice.Core.Native;
using Supervice.Core.Native.Files;

namespace Supervice.Core.Output;

/// <summary>A child's log file with size rotation as 0.4.1 did it: the live file never exceeds MaxBytes (a chunk is
/// split to fill it exactly; the next write rotates first), `x.log` → `x.log.1..N`, Backups 0 truncates, MaxBytes 0
/// never rotates, character devices are never rotated. Opened lazily in append mode with raw write(2), so files shared
/// with other writers are appended to, never overwritten; never through a symlink and never a FIFO (README: Security). A
/// rotation that cannot rename keeps writing to the live file and tries again when it has grown another MaxBytes.
/// Errors never throw: the first of a run of failures is reported through OnError, all are counted, and the caller
/// keeps going.</summary>
public sealed unsafe class RotatingLogWriter(string path, long maxBytes, int backups) : IDisposable
{
    private const int FileMode = 0x1A4; // 0644
    private int _fd = -1;
    private long _size, _retryAt;
    private bool _rotatable, _failing, _rotateFailing;

    public string Path { get; } = path;
    public long MaxBytes { get; set; } = maxBytes;
    public int Backups { get; set; } = backups;
    public Action<string>? OnError { get; set; }
    public long ErrorCount { get; private set; }

    public void Write(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            if (_fd < 0 && !Open()) return;
            var chunk = data;
            if (_rotatable && MaxBytes > 0)
            {
                long room = (_rotateFailing ? _retryAt : MaxBytes) - _size;
                if (room <= 0) { if (!Rotate()) return; continue; }
                if (chunk.Length > room) chunk = chunk[..(int)room];
            }
            if (!WriteAll(chunk)) return;
            _size += chunk.Length;
            data = data[chunk.Length..];
        }
    }

    /// <summary>Opens the file if it is not open; null on success, else the error (also counted, not reported).</summary>
    public string? OpenNow()
    {
        if (_fd >= 0) return null;
        var report = OnError;
        string? error = null;
        OnError = e => error = e;
        try { Open(); }
        finally { OnError = report; }
        _failing = false;
        return error;
    }

    /// <summary>Closes the file; the next write opens the path again (SIGUSR2, external rotation).</summary>
    public void Reopen() => CloseFd();

    public void Dispose() => CloseFd();

    private bool Open()
    {
        _fd = SafeFile.OpenForWriting(Path, Libc.O_WRONLY | Libc.O_CREAT | Libc.O_APPEND, FileMode, out var error);
        if (_fd < 0) return Failed(error!, errno: false);
        var st = Libc.StatFd(_fd);
        _rotatable = st is { Type: Libc.S_IFREG };
        _size = st?.Size ?? 0;
        return true;
    }

    private bool WriteAll(ReadOnlySpan<byte> data)
    {
        fixed (byte* p = data)
        {
            nint done = 0;
            while (done < data.Length)
            {
                var n = Libc.write(_fd, p + done, data.Length - done);
                if (n >= 0) { done += n; continue; }
                if (Libc.Interrupted(n)) continue;
                return Failed($"cannot write {Path}");
            }
        }
        _failing = false;
        return true;
    }

    /// <summary>Renames with the live file still open: when a rename fails, the output keeps going to it (one
    /// warning per run of failures) and the next attempt comes once it has grown another MaxBytes.</summary>
    private bool Rotate()
    {
        try
        {
            if (Backups <= 0) File.Delete(Path);
            else
            {
                for (int i = Backups - 1; i >= 1; i--)
                    if (File.Exists($"{Path}.{i}")) File.Move($"{Path}.{i}", $"{Path}.{i + 1}", true);
                if (File.Exists(Path)) File.Move(Path, $"{Path}.1", true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            ErrorCount++;
            _retryAt = _size + MaxBytes;
            if (!_rotateFailing) OnError?.Invoke($"cannot rotate {Path}: {e.Message}; still writing to it, next attempt at {_retryAt} bytes");
            _rotateFailing = true;
            return true;
        }
        _rotateFailing = false;
        CloseFd();
        return Open();
    }

    private bool Failed(string what, bool errno = true)
    {
        var message = errno ? $"{what}: {Libc.StrError(Libc.Errno)}" : what;
        ErrorCount++;
        CloseFd();
        if (!_failing) OnError?.Invoke(message);
        _failing = true;
        return false;
    }

    private void CloseFd()
    {
        if (_fd >= 0) Libc.close(_fd);
        _fd = -1;
    }
}
