using System.Text.RegularExpressions;

namespace Supervice.Tests.EndToEnd.Containers;

/// <summary>`*_logfile = console` and `*_log_timestamps`, through the real daemon.</summary>
[TestClass]
public class ConsoleLogTests
{
    private const string Python = "/usr/bin/python3";

    [TestMethod]
    public void TwoProgramsWritingLongLinesAtOnceNeverMixInsideALine()
    {
        // Each writes 200 lines of 5000 bytes in big buffered chunks: lines arrive split across pipe reads.
        string Program(string name, char c) =>
            $"[program:{name}]\ncommand = {Python} -c \"import sys; [sys.stdout.write('{c}' * 5000 + '\\n') for _ in range(200)]\"\n" +
            "startsecs = 0\nautorestart = false\nstdout_logfile = console\n";
        using var d = new Daemon(Program("alpha", 'a') + Program("beta", 'b'));
        d.WaitState("alpha", "EXITED");
        d.WaitState("beta", "EXITED");
        Wait.Until(() => Lines(d, "alpha").Count == 200 && Lines(d, "beta").Count == 200, 10, "all 400 lines on the daemon's stdout");
        Assert.IsTrue(Lines(d, "alpha").All(l => l == "alpha | " + new string('a', 5000)), "an alpha line is not whole");
        Assert.IsTrue(Lines(d, "beta").All(l => l == "beta | " + new string('b', 5000)), "a beta line is not whole");
        Assert.IsFalse(d.Log.Split('\n').Any(l => l.Contains("aaaaa") && l.Contains("bbbbb")), "a line mixes both programs");
    }

    private static List<string> Lines(Daemon d, string name) => d.Log.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.StartsWith(name + " | ")).ToList();

    [TestMethod]
    public void APartialLineReachesTheConsoleWithinSeconds()
    {
        using var d = new Daemon("[program:p]\ncommand = sh -c 'printf \"waiting for input\"; exec sleep 1000'\nstartsecs = 0\nstdout_logfile = console\n");
        d.WaitLog("p | waiting for input");
    }

    [TestMethod]
    public void TimestampsStartEveryLineOfTheLogFileOnceEvenWhenALineIsSplit()
    {
        var script = "printf ab; sleep 0.4; printf 'c\\nd\\n'; sleep 0.2; printf 'e\\n'";
        using var d = new Daemon($"[program:t]\ncommand = sh -c \"{script}\"\nstartsecs = 0\nautorestart = false\n" +
                                 "stdout_logfile = %(here)s/t.log\nstdout_log_timestamps = true\n");
        d.WaitState("t", "EXITED");
        var path = Path.Combine(d.Dir, "t.log");
        Wait.Until(() => File.Exists(path) && File.ReadAllText(path).EndsWith("e\n"), 10, "the log file to hold the last line");
        var lines = File.ReadAllText(path).Split('\n')[..^1];
        CollectionAssert.AreEqual(new[] { "abc", "d", "e" }, lines.Select(l => l.Length > 30 ? l[30..] : l).ToArray(), File.ReadAllText(path));
        var stamp = new Regex(@"^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d) ");
        var times = lines.Select(l => stamp.Match(l)).ToList();
        Assert.IsTrue(times.All(m => m.Success), File.ReadAllText(path));
        var first = DateTimeOffset.Parse(times[0].Groups[1].Value);
        var second = DateTimeOffset.Parse(times[1].Groups[1].Value);
        Assert.IsTrue(second - first >= TimeSpan.FromMilliseconds(300), $"abc was stamped at its first byte ({first:O}), d later ({second:O})");
        // The ring keeps the raw bytes: tail shows no stamps.
        var tail = d.Ctl("tail", "t");
        Assert.AreEqual("abc\nd\ne\n", tail.Stdout);
    }

    [TestMethod]
    public void TheOldDevStdoutRecipeStillWorks()
    {
        using var d = new Daemon("[program:old]\ncommand = sh -c 'echo via dev stdout; exec sleep 1000'\nstartsecs = 0\nstdout_logfile = /dev/stdout\nstdout_logfile_maxbytes = 0\n");
        d.WaitLog("via dev stdout");
        Assert.IsFalse(d.Log.Contains("old | via dev stdout"), "the /dev/stdout recipe is unprefixed, as before");
    }
}
