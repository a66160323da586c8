using Supervice.Config;

namespace Supervice.Core.Lifecycle;

/// <summary>How a child ended: an exit code, or a signal (Code -1), possibly with a core dump.</summary>
public readonly record struct ExitStatus(int Code, int Signal, bool CoreDumped)
{
    public bool BySignal => Signal > 0;

    public string Describe() => BySignal
        ? (CoreDumped ? $"killed by {Signals.Name(Signal)} (core dumped)" : $"killed by {Signals.Name(Signal)}")
        : $"exited {Code}";

    /// <summary>The original's convention in logs and JSON: negative signal number.</summary>
    public int PythonCode => BySignal ? -Signal : Code;
}
