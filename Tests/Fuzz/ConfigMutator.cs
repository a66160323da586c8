using System.Text;

namespace Supervice.Tests.Fuzz;

/// <summary>Config files mutated from real ones (Config/sample.conf, Tests/Fixtures): lines dropped, duplicated,
/// swapped and truncated; values replaced with hostile ones; bytes flipped; sections broken. Deterministic per seed.</summary>
public sealed class ConfigMutator(int seed, IReadOnlyList<string> originals)
{
    private static readonly string[] HostileValues = ["", " ", "-1", "0", "99999999999999999999", "%(", "%(nope)s", "%(process_num)s",
        "'unclosed", "\"", "true", "maybe", "0o777", "NONE", "AUTO", "/nonexistent/x/y", "a,b,,c", "=", "[x]", "\\", "\t", "é", "\u0000",
        "KEY=\"v", "TERM", "SIGBOGUS", "100GB", "1KB", "tcp", "script"];
    private static readonly string[] Keys = ["command", "numprocs", "process_name", "priority", "autostart", "autorestart", "startsecs",
        "startretries", "stopsignal", "stopwaitsecs", "environment", "directory", "user", "umask", "stdout_logfile", "stdout_logfile_maxbytes",
        "redirect_stderr", "exitcodes", "pdeathsig", "reconcile", "healthcheck_type", "healthcheck_port", "programs", "socket", "pidfile",
        "logfile", "loglevel", "shutdown_timeout", "files", "numprocs_start", "env_file", "socket_mode", "minfds"];
    private static readonly string[] Sections = ["[program:x]", "[group:g]", "[supervice]", "[supervisord]", "[include]", "[program:]",
        "[program:a b]", "[", "[program:x", "[unix_http_server]", "[eventlistener:e]"];

    private readonly Random _rng = new(seed);

    public string Next()
    {
        var lines = originals[_rng.Next(originals.Count)].Split('\n').ToList();
        int edits = _rng.Next(1, 6);
        for (int i = 0; i < edits; i++) Edit(lines);
        var text = string.Join('\n', lines);
        return _rng.Next(10) == 0 ? FlipBytes(text) : text;
    }

    private void Edit(List<string> lines)
    {
        if (lines.Count == 0) { lines.Add(Pick(Sections)); return; }
        int at = _rng.Next(lines.Count);
        switch (_rng.Next(8))
        {
            case 0: lines.RemoveAt(at); break;
            case 1: lines.Insert(at, lines[_rng.Next(lines.Count)]); break;
            case 2: lines[at] = lines[at][.._rng.Next(lines[at].Length + 1)]; break;
            case 3:
                int eq = lines[at].IndexOf('=');
                lines[at] = eq > 0 ? lines[at][..(eq + 1)] + " " + Pick(HostileValues) : $"{Pick(Keys)} = {Pick(HostileValues)}";
                break;
            case 4: lines.Insert(at, $"{Pick(Keys)} = {Pick(HostileValues)}"); break;
            case 5: lines.Insert(at, Pick(Sections)); break;
            case 6: lines[at] = "  " + lines[at]; break;
            default: (lines[at], lines[^1]) = (lines[^1], lines[at]); break;
        }
    }

    private string FlipBytes(string text)
    {
        var b = Encoding.UTF8.GetBytes(text);
        for (int i = 0; i < 3 && b.Length > 0; i++) b[_rng.Next(b.Length)] = (byte)_rng.Next(256);
        return Encoding.UTF8.GetString(b);
    }

    private T Pick<T>(T[] items) => items[_rng.Next(items.Length)];
}
