using System.Diagnostics;
using System.Text;

namespace Supervice.Tests.EndToEnd.Compat;

/// <summary>The same supervisord.conf run twice: by the real `supervisord` and by our daemon, each in its own
/// directory (its socket, logs and `[supervisorctl] serverurl` there). <see cref="Compare"/> runs one supervisorctl
/// command against both, through `-s unix:///PATH` and through `-c FILE` (serverurl), and asserts the same normalised
/// output and exit code. Dispose stops both and every child left.</summary>
public sealed class TwinDaemons : IDisposable
{
    public sealed class Side
    {
        public required string Dir { get; init; }
        public string Conf => System.IO.Path.Combine(Dir, "supervisord.conf");
        public string Socket => System.IO.Path.Combine(Dir, "s.sock");
        public string Url => "unix://" + Socket;
        /// <summary>A free TCP port of this side, for `PORT` in the programs text (an `[inet_http_server]`).</summary>
        public int Port { get; } = FreePort();
        public Process? Process { get; set; }
        public readonly StringBuilder Output = new();

        public Bin.Result Ctl(params string[] args) => Supervisorctl.Run(["-c", Conf, .. args]);
        public Bin.Result CtlUrl(params string[] args) => Supervisorctl.Run(["-s", Url, .. args]);
        public void WriteConfig(string programs) => File.WriteAllText(Conf, Config(Dir, programs.Replace("PORT", Port.ToString(System.Globalization.CultureInfo.InvariantCulture))));
    }

    public Side Theirs { get; }
    public Side Ours { get; }

    public TwinDaemons(string programs)
    {
        Supervisorctl.RequireInstalled();
        Theirs = new Side { Dir = NewDir("sd") };
        Ours = new Side { Dir = NewDir("sv") };
        Theirs.WriteConfig(programs);
        Ours.WriteConfig(programs);
        try
        {
            Theirs.Process = Launch(Supervisorctl.Supervisord, ["-n", "-c", Theirs.Conf], Theirs);
            Ours.Process = Launch(Bin.Path, ["daemon", "-n", "-c", Ours.Conf], Ours);
            foreach (var side in new[] { Theirs, Ours })
                Wait.Until(() => side.Process!.HasExited || side.CtlUrl("pid").ExitCode == 0, 20, $"{side.Dir} to answer supervisorctl pid:\n{side.Output}");
            foreach (var side in new[] { Theirs, Ours })
                if (side.Process!.HasExited) Assert.Fail($"{side.Dir} exited with {side.Process.ExitCode}:\n{side.Output}");
        }
        catch
        {
            Dispose(); // nobody else holds these daemons yet: a failed start must not leave them (and their children) behind
            throw;
        }
    }

    /// <summary>Starts the twins, then waits for each (name, state) on both; on failure stops them before rethrowing.</summary>
    public static TwinDaemons StartAndWait(string programs, params (string Name, string State)[] states)
    {
        var twins = new TwinDaemons(programs);
        try
        {
            foreach (var (name, state) in states) twins.WaitBoth(name, state);
            return twins;
        }
        catch
        {
            twins.Dispose();
            throw;
        }
    }

    private static int FreePort()
    {
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        return ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
    }

    private static string NewDir(string tag)
    {
        var dir = System.IO.Path.Combine("/tmp", $"cmp-{tag}-{Guid.NewGuid().ToString("N")[..8]}");
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>A supervisord.conf both daemons read: their socket, pid file, logs and childlogdir in `dir`.</summary>
    public static string Config(string dir, string programs) => $"""
        [unix_http_server]
        file = {dir}/s.sock

        [supervisord]
        logfile = {dir}/supervisord.log
        pidfile = {dir}/supervisord.pid
        childlogdir = {dir}

        [rpcinterface:supervisor]
        supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

        [supervisorctl]
        serverurl = unix://{dir}/s.sock

        {programs.Replace("DIR", dir)}
        """;

    private static Process Launch(string path, string[] args, Side side)
    {
        var psi = new ProcessStartInfo(path) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false, WorkingDirectory = side.Dir };
        foreach (var a in args) psi.ArgumentList.Add(a);
        var p = Process.Start(psi)!;
        p.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (side.Output) side.Output.AppendLine(e.Data); };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (side.Output) side.Output.AppendLine(e.Data); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }

    /// <summary>One command against both daemons, both ways of naming the server; returns our normalised output.</summary>
    public string Compare(params string[] args)
    {
        var theirs = Theirs.Ctl(args);
        var ours = Ours.Ctl(args);
        AssertSame(args, "-c (serverurl)", theirs, ours);
        var oursUrl = Ours.CtlUrl(args);
        var theirsUrl = Theirs.CtlUrl(args);
        AssertSame(args, "-s unix://", theirsUrl, oursUrl);
        return Supervisorctl.Normalise(ours.Stdout, Ours.Dir);
    }

    /// <summary>As Compare, for commands whose lines supervisord itself prints in no fixed order: stopping a group
    /// (its make_allfunc appends each result when that process has stopped, so the faster one comes first). The same
    /// lines and exit code are required; their order is not.</summary>
    public string CompareUnordered(params string[] args)
    {
        var ours = Ours.Ctl(args);
        AssertSame(args, "-c (serverurl)", Theirs.Ctl(args), ours, unordered: true);
        AssertSame(args, "-s unix://", Theirs.CtlUrl(args), Ours.CtlUrl(args), unordered: true);
        return string.Join('\n', Supervisorctl.Normalise(ours.Stdout, Ours.Dir).Split('\n').Order(StringComparer.Ordinal));
    }

    public void AssertSame(string[] args, string how, Bin.Result theirs, Bin.Result ours, bool unordered = false)
    {
        var t = Supervisorctl.Normalise(theirs.Stdout + theirs.Stderr, Theirs.Dir);
        var o = Supervisorctl.Normalise(ours.Stdout + ours.Stderr, Ours.Dir);
        if (unordered)
        {
            static string Sorted(string text) => string.Join('\n', text.Split('\n').Order(StringComparer.Ordinal));
            (t, o) = (Sorted(t), Sorted(o));
        }
        var cmd = string.Join(' ', args);
        Assert.AreEqual(t, o, $"supervisorctl {how} {cmd}: output differs\n--- supervisord (exit {theirs.ExitCode}):\n{t}\n--- supervice (exit {ours.ExitCode}):\n{o}");
        Assert.AreEqual(theirs.ExitCode, ours.ExitCode, $"supervisorctl {how} {cmd}: exit code differs; output:\n{o}");
    }

    /// <summary>Waits until `supervisorctl status NAME` shows the same state on both.</summary>
    public void WaitBoth(string name, string state, double seconds = 15)
    {
        foreach (var side in new[] { Theirs, Ours })
            Wait.Until(() => side.CtlUrl("status", name).Stdout.Contains($" {state} "), seconds, $"{name} to be {state} in {side.Dir}:\n{side.CtlUrl("status")}");
    }

    public void Dispose()
    {
        foreach (var side in new[] { Theirs, Ours })
        {
            var p = side.Process;
            if (p is null) continue;
            var children = p.HasExited ? [] : Proc.Descendants(p.Id);
            if (!p.HasExited && Proc.Kill(p.Id, 15) && !p.WaitForExit(15_000)) Proc.Kill(p.Id, 9);
            p.WaitForExit(5_000);
            foreach (var child in children) if (Proc.Alive(child)) Proc.Kill(child, 9);
            p.Dispose();
        }
    }
}
