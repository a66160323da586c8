namespace Supervice.Core.Lifecycle;

/// <summary>The eight states of supervisord and 0.4.1, same names and meanings, then WAITING: started, but its
/// `depends_on` conditions are not met yet (README: Service dependencies and readiness).</summary>
public enum ProcessState { Stopped, Starting, Running, Backoff, Stopping, Exited, Fatal, Unhealthy, Waiting }

public static class ProcessStateNames
{
    private static readonly string[] Names = ["STOPPED", "STARTING", "RUNNING", "BACKOFF", "STOPPING", "EXITED", "FATAL", "UNHEALTHY", "WAITING"];

    public static string Wire(this ProcessState s) => Names[(int)s];

    /// <summary>A child process exists in these states.</summary>
    public static bool HasChild(this ProcessState s) => s is ProcessState.Starting or ProcessState.Running or ProcessState.Stopping or ProcessState.Unhealthy;

    /// <summary>Down states: `ctl status` exits 3 when a listed process is in one.</summary>
    public static bool IsDown(this ProcessState s) => s is ProcessState.Stopped or ProcessState.Exited or ProcessState.Fatal;
}
