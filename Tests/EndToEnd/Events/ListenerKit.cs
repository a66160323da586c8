namespace Supervice.Tests.EndToEnd.Events;

/// <summary>Listeners written with supervisord's own helper library (Debian's `supervisor` package), run with the
/// system's python, so what they see is what a listener written for supervisord sees.</summary>
public static class ListenerKit
{
    public const string Python = "/usr/bin/python3";

    /// <summary>Writes NAME.py in dir: it appends `EVENTNAME serial poolserial|payload` (payload with \n as \\n) to
    /// NAME.events for each event, then answers with `answer(headers, payload)` (a python expression: True = OK).</summary>
    public static string Script(string dir, string name, string answer = "True", string before = "")
    {
        var path = Path.Combine(dir, name + ".py");
        File.WriteAllText(path, $$"""
            import sys
            from supervisor import childutils
            {{before}}
            while True:
                headers, payload = childutils.listener.wait(sys.stdin, sys.stdout)
                with open('{{Path.Combine(dir, name + ".events")}}', 'a') as f:
                    f.write('%s %s %s|%s\n' % (headers['eventname'], headers['serial'], headers['poolserial'], payload.replace('\n', '\\n')))
                if {{answer}}:
                    childutils.listener.ok(sys.stdout)
                else:
                    childutils.listener.fail(sys.stdout)
            """);
        return $"{Python} {path}";
    }

    public static List<string> Events(string dir, string name)
    {
        var path = Path.Combine(dir, name + ".events");
        return File.Exists(path) ? [.. File.ReadAllLines(path)] : [];
    }

    public static List<string> WaitEvents(string dir, string name, Func<List<string>, bool> enough, double seconds = 15)
    {
        List<string> got = [];
        Wait.Until(() => enough(got = Events(dir, name)), seconds, $"events in {name}.events (got:\n{string.Join("\n", got)})");
        return got;
    }
}
