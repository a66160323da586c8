namespace Supervice.Tests.EndToEnd;

/// <summary>Waits on a condition with a deadline (never sleep-and-hope).</summary>
public static class Wait
{
    public static void Until(Func<bool> condition, double seconds, string what)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew(); // monotonic: a wall-clock step cannot end the wait early or late
        while (!condition())
        {
            if (clock.Elapsed.TotalSeconds > seconds) Assert.Fail($"timed out after {seconds}s waiting for {what}");
            Thread.Sleep(20);
        }
    }

    public static T For<T>(Func<T?> probe, double seconds, string what) where T : class
    {
        T? value = null;
        Until(() => (value = probe()) is not null, seconds, what);
        return value!;
    }
}
