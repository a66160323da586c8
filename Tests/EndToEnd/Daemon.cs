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

    public string Dir { get; }
    public string ConfigPath { get; }
    public string Socket { get; }
    public int Pid => _process.Id;

    /// <summary>Writes `[supervice]` (socket, pidfile in Dir) + the given program sections and starts the daemon.</summary>
    /// <param name="dir">Reuse a directory (a restarted daemon finds its pid file, state file and logs there).</param>
    public Daemon(string programs, string supervice = "", bool waitReady = true, IDictionary<string, string>? env = null, string? dir = null)
    {
        _ownsDir = dir is null;
        Dir = dir ?? Directory.CreateTempSubdirectory("supervice-e2e-").FullName;
        Socket = Path.Combine(Dir, "s.sock");
        ConfigPath = Path.Combine(Dir, "supervice.conf");
        WriteConfig(programs, supervice);
        var psi = new ProcessStartInfo(Bin.Path) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false, WorkingDirectory = Dir };
        foreach (var a in new[] { "daemon", "-n", "-c", ConfigPath }) psi.ArgumentList.Add(a);
        if (env is not null) foreach (var (k, v) in env) psi.Environment[k] = v;
        _process = Process.Start(psi)!;
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_logGate) _log.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_logGate) _log.AppendLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        if (waitReady) Wait.Until(() => File.Exists(Socket) || _process.HasExited, 10, "the daemon's socket");
        if (waitReady && _process.HasExited) Assert.Fail($"daemon exited with {_process.ExitCode}:\n{Log}");
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

    public int PidOf(string name)
    {
        var r = Ctl("pid", name);
        return int.TryParse(r.Stdout.Trim(), out var pid) ? pid : 0;
    }

    public void WaitLog(string text, double seconds = 10) => Wait.Until(() => Log.Contains(text), seconds, $"log line '{text}' (log:\n{Log})");

    public void Signal(int sig) => Proc.Kill(_process.Id, sig);

    public bool WaitExit(double seconds) => _process.WaitForExit(TimeSpan.FromSeconds(seconds));

    /// <summary>SIGKILL, as an OOM kill or a crash would; returns the pids of the children it had.</summary>
    public List<int> KillHard()
    {
        var children = Proc.Descendants(_process.Id);
        Proc.Kill(_process.Id, 9);
        _process.WaitForExit(10_000);
        return children;
    }

    public void Dispose()
    {
        var descendants = Proc.Descendants(_process.Id);
        try { if (!_process.HasExited) { Proc.Kill(_process.Id, 15); if (!_process.WaitForExit(15000)) _process.Kill(true); } } catch (InvalidOperationException) { }
        foreach (var pid in descendants) Proc.Kill(pid, 9);
        _process.Dispose();
        if (_ownsDir) try { Directory.Delete(Dir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
