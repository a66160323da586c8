using Supervice.Core.Reap;
namespace Supervice.Core.Lifecycle;

/// <summary>The signal numbers the engine itself sends, and display names (the table lives in Config.Signals).</summary>
public static class SignalNames
{
    public const int SIGHUP = 1, SIGINT = 2, SIGQUIT = 3, SIGKILL = 9, SIGUSR2 = 12, SIGTERM = 15;

    public static string Name(int sig) => Config.Signals.Name(sig);
}
