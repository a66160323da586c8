using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Supervice.Tests.EndToEnd.Compat;

/// <summary>Debian's real `supervisorctl` (package `supervisor`; `.ci/run` installs it), run as a user would, and the
/// normalisation that makes two runs comparable: pids, uptimes, dates and the daemon's own directory.</summary>
public static partial class Supervisorctl
{
    public const string Path = "/usr/bin/supervisorctl";
    public const string Supervisord = "/usr/bin/supervisord";

    public static bool Installed => File.Exists(Path) && File.Exists(Supervisord);

    public static void RequireInstalled()
    {
        if (!Installed) Assert.Fail("Debian's supervisor package is not installed (apt-get install supervisor; .ci/run does it)");
    }

    public static Bin.Result Run(params string[] args) => Run(30, args);

    public static Bin.Result Run(double seconds, params string[] args)
    {
        var psi = new ProcessStartInfo(Path) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        p.StandardInput.Close();
        var so = p.StandardOutput.ReadToEndAsync();
        var se = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromSeconds(seconds))) { p.Kill(true); Assert.Fail($"supervisorctl {string.Join(' ', args)} did not exit in {seconds} s"); }
        return new Bin.Result(p.ExitCode, so.Result, se.Result);
    }

    /// <summary>Starts a long-running supervisorctl (tail -f, maintail -f); the caller stops it with SIGINT, as Ctrl-C in
    /// a terminal would. SIGINT is reset to its default first: a suite started in the background by a shell without job
    /// control (`make test &`) inherits it ignored, and Python then installs no KeyboardInterrupt handler.</summary>
    public static Process Start(params string[] args)
    {
        var psi = new ProcessStartInfo("/usr/bin/env") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        psi.ArgumentList.Add("--default-signal=INT");
        psi.ArgumentList.Add(Path);
        foreach (var a in args) psi.ArgumentList.Add(a);
        return Process.Start(psi)!;
    }

    public static string Normalise(string text, string dir)
    {
        text = text.Replace(dir, "DIR");
        text = PidRegex().Replace(text, "pid N");
        text = UptimeRegex().Replace(text, "uptime T");
        text = DateRegex().Replace(text, "DATE");
        text = BarePidLine().Replace(text, "N");
        return text;
    }

    [GeneratedRegex(@"pid \d+")] private static partial Regex PidRegex();
    [GeneratedRegex(@"uptime (\d+ days?, )?\d+:\d\d:\d\d")] private static partial Regex UptimeRegex();
    [GeneratedRegex(@"[A-Z][a-z]{2} \d\d \d\d:\d\d [AP]M")] private static partial Regex DateRegex();
    [GeneratedRegex(@"(?m)^[1-9]\d*$")] private static partial Regex BarePidLine();
}
