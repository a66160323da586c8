using System.Diagnostics;
using System.Text;

namespace Supervice.Tests.EndToEnd;

/// <summary>A real `supervice daemon -n` on a config in its own temp directory, with helpers to drive it with
/// `supervice ctl` and inspect its children through /proc. Dispose kills the daemon and every child left.</summary>
public sealed class Daemon : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();
    private readonly object _logGate = new();
    private readonly bool _ownsDir;
    private readonly string _marker = Guid.NewGuid().ToString("N");
    private bool _killedHard;

    public string Dir { get; }
    public string ConfigPath { get; }
    public string Socket { get; }
    public int Pid => _process.Id;

    /// <summary>Writes `[supervice]` (socket, pidfile in Dir) + the given program sections and starts the daemon.</summary>
    /// <param name="dir">Reuse a directory (a restarted daemon finds its pid file, state file and logs there).</param>
    /// <param name="launcher">A command that execs the daemon (e.g. `prlimit --nofile=256:`), so Pid stays the daemon's.</param>
    public Daemon(string programs, string supervice = "", bool waitReady = true, IDictionary<string, string>? env = null, string? dir = null,
        string[]? launcher = null)
    {
        _ownsDir = dir is null;
        Dir = dir ?? Fixtures.TempDir("supervice-e2e-");
        Socket = Path.Combine(Dir, "s.sock");
        ConfigPath = Path.Combine(Dir, "supervice.conf");
        WriteConfig(programs, supervice);
        var psi = new ProcessStartInfo(launcher?[0] ?? Bin.Path) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false, WorkingDirectory = Dir };
        foreach (var a in launcher is null ? Array.Empty<string>() : [.. launcher[1..], Bin.Path]) psi.ArgumentList.Add(a);
        foreach (var a in new[] { "daemon", "-n", "-c", ConfigPath }) psi.ArgumentList.Add(a);
        if (env is not null) foreach (var (k, v) in env) psi.Environment[k] = v;
        psi.Environment[Leftovers.MarkerVariable] = _marker;
        _process = Process.Start(psi)!;
        _process.OutputDataReceived += (_, e) => OnOutput(e.Data);
        _process.ErrorDataReceived += (_, e) => OnOutput(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        // Ready = a status request is answered: the socket file exists from bind() on, before listen() (and before
        // its mode is set), so its existence alone leaves a window where a connection is refused.
        if (waitReady) Wait.Until(() => _process.HasExited || AnswersStatus(), 10, $"the daemon to answer a status request (log:\n{Log})");
        if (waitReady && _process.HasExited) Assert.Fail($"daemon exited with {_process.ExitCode}:\n{Log}");
    }

    /// <summary>One `{"command": "status"}` frame over the socket; true when an ok reply comes back.</summary>
    public bool AnswersStatus()
    {
        if (!File.Exists(Socket)) return false;
        try
        {
            using var s = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
            s.SendTimeout = s.ReceiveTimeout = 5000;
            s.Connect(new System.Net.Sockets.UnixDomainSocketEndPoint(Socket));
            var payload = "{\"command\": \"status\"}"u8.ToArray();
            s.Send(Supervice.Rpc.Wire.Framing.Encode(payload)); // the one frame writer: the product's
            var length = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(ReadExactly(s, 4));
            return Encoding.UTF8.GetString(ReadExactly(s, (int)length)).Contains("\"status\":\"ok\"");
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or IOException) { return false; }
    }

    private static byte[] ReadExactly(System.Net.Sockets.Socket s, int n)
    {
        var buf = new byte[n];
        for (int got = 0; got < n;)
        {
            int r = s.Receive(buf, got, n - got, System.Net.Sockets.SocketFlags.None);
            if (r == 0) throw new IOException("connection closed early");
            got += r;
        }
        return buf;
    }

    public void WriteConfig(string programs, string supervice = "")
        => File.WriteAllText(ConfigPath, $"[supervice]\nsocket = {Socket}\npidfile = {Path.Combine(Dir, "supervice.pid")}\nshutdown_timeout = 10\n{supervice}\n{programs}\n");

    public string Log { get { lock (_logGate) return _log.ToString(); } }

    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;

    public Bin.Result Ctl(params string[] args) => Bin.Run(["ctl", "-s", Socket, .. args]);

    /// <summary>The status of one process as `ctl status --json` reports it, or null.</summary>
    public string? State(string name)
    {
        var r = Ctl("--json", "status", name);
        var m = System.Text.RegularExpressions.Regex.Match(r.Stdout, "\"state\"\\s*:\\s*\"([A-Z]+)\"");
        return m.Success ? m.Groups[1].Value : null;
    }

    public void WaitState(string name, string state, double seconds = 10)
        => Wait.Until(() => State(name) == state, seconds, $"{name} to be {state} (log:\n{Log})");

    /// <summary>The pid of a running process. Fails the test when ctl fails or the process is not running: a 0
    /// taken for a pid would make Proc.Kill signal the test runner's own process group.</summary>
    public int PidOf(string name)
        => PidOrZero(name) is var pid && pid > 1 ? pid : throw new AssertFailedException($"{name} is not running (ctl pid said 0; log:\n{Log})");

    /// <summary>The pid, or 0 when the daemon answers that the process is not running (exit 7, "0"); any other
    /// answer (ctl failed, no such process, garbage) fails the test.</summary>
    public int PidOrZero(string name)
    {
        var r = Ctl("pid", name);
        var text = r.Stdout.Trim();
        if (r.ExitCode == 0 && int.TryParse(text, out var pid) && pid > 1) return pid;
        if (r.ExitCode == 7 && text == "0") return 0;
        throw new AssertFailedException($"ctl pid {name}: exit {r.ExitCode}, stdout '{text}', stderr '{r.Stderr.Trim()}'");
    }

    /// <summary>Waits for a file a child writes in the daemon's directory (its working directory), e.g. the marker a
    /// shell writes once its `trap` is set: RUNNING comes at spawn with startsecs = 0, before the trap exists.</summary>
    public void WaitFile(string name, double seconds = 10)
        => Wait.Until(() => File.Exists(Path.Combine(Dir, name)), seconds, $"{name} in {Dir} (log:\n{Log})");

    public void WaitLog(string text, double seconds = 10) => Wait.Until(() => Log.Contains(text), seconds, $"log line '{text}' (log:\n{Log})");

    public void Signal(int sig)
    {
        if (sig == 9) _killedHard = true;
        Proc.Kill(_process.Id, sig);
    }

    /// <summary>True once the daemon has exited and both of its output streams reached end of file, so <see cref="Log"/>
    /// holds everything it wrote (WaitForExit(timeout) alone returns before the async readers have drained).</summary>
    public bool WaitExit(double seconds)
    {
        if (!_process.WaitForExit(TimeSpan.FromSeconds(seconds))) return false;
        Wait.Until(() => Volatile.Read(ref _streamsAtEnd) == 2, 10, "the daemon's stdout and stderr to reach end of file");
        return true;
    }

    private int _streamsAtEnd;

    private void OnOutput(string? line)
    {
        if (line is null) { Interlocked.Increment(ref _streamsAtEnd); return; }
        lock (_logGate) _log.AppendLine(line);
    }

    /// <summary>SIGKILL, as an OOM kill or a crash would; returns the pids of the children it had.</summary>
    public List<int> KillHard()
    {
        var children = Proc.Descendants(_process.Id);
        _killedHard = true;
        Proc.Kill(_process.Id, 9);
        _process.WaitForExit(10_000);
        return children;
    }

    public void Dispose()
    {
        var descendants = Proc.Descendants(_process.Id);
        try { if (!_process.HasExited) { Proc.Kill(_process.Id, 15); if (!_process.WaitForExit(15000)) _process.Kill(true); } } catch (InvalidOperationException) { }
        var left = _killedHard || !_process.HasExited ? [] : Leftovers.Carrying(_marker);
        foreach (var pid in left)
            Leftovers.Record($"  pid {pid} ({Proc.Comm(pid)}), ppid {Proc.Stat(pid)?.PPid}, of the daemon in {Dir} running:\n{(File.Exists(ConfigPath) ? File.ReadAllText(ConfigPath) : "(no config)")}");
        foreach (var pid in descendants.Concat(left)) Proc.Kill(pid, 9);
        _process.Dispose();
        if (_ownsDir) try { Directory.Delete(Dir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
