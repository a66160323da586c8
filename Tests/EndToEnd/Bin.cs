using System.Diagnostics;

namespace Supervice.Tests.EndToEnd;

/// <summary>Runs the published AOT binary (SUPERVICE_BIN, default ../bin/supervice) as a user would.</summary>
public static class Bin
{
    public static string Path
    {
        get
        {
            var env = Environment.GetEnvironmentVariable("SUPERVICE_BIN");
            if (!string.IsNullOrEmpty(env)) return env;
            var dir = AppContext.BaseDirectory;
            while (dir is not null && !File.Exists(System.IO.Path.Combine(dir, "Supervice.csproj")))
                dir = System.IO.Path.GetDirectoryName(dir);
            return System.IO.Path.Combine(dir ?? ".", "bin", "supervice");
        }
    }

    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static Result Run(params string[] args) => RunIn(null, null, args);

    public static Result RunIn(string? cwd, IDictionary<string, string>? env, params string[] args)
    {
        var psi = StartInfo(Path, args);
        if (cwd is not null) psi.WorkingDirectory = cwd;
        if (env is not null) foreach (var (k, v) in env) psi.Environment[k] = v;
        return Run(psi);
    }

    /// <summary>The test harness (Tests/Harness, built beside the tests: same configuration, its own bin folder).</summary>
    public static ProcessStartInfo HarnessStartInfo(params string[] args)
    {
        var harness = System.IO.Path.Combine(AppContext.BaseDirectory.Replace("/Tests/bin/", "/Tests/Harness/bin/"), "Supervice.Tests.Harness");
        return StartInfo(harness, args);
    }

    public static Result RunHarness(params string[] args) => Run(HarnessStartInfo(args));

    /// <summary>Another program (a wrapper such as unshare) that ends by running the binary.</summary>
    public static Result RunWith(string program, string? cwd, string[] args)
    {
        var psi = StartInfo(program, args);
        if (cwd is not null) psi.WorkingDirectory = cwd;
        return Run(psi);
    }

    private static ProcessStartInfo StartInfo(string file, string[] args)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        return psi;
    }

    private static Result Run(ProcessStartInfo psi)
    {
        var args = psi.ArgumentList;
        using var p = Process.Start(psi)!;
        p.StandardInput.Close();
        var so = p.StandardOutput.ReadToEndAsync();
        var se = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(60_000)) { p.Kill(true); throw new TimeoutException($"{psi.FileName} {string.Join(' ', args)} did not exit in 60 s"); }
        return new Result(p.ExitCode, so.Result, se.Result);
    }
}
