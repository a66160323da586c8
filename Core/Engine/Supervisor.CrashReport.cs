using Microsoft.Extensions.Logging;
using ZLogger;
using Supervice.Core.Lifecycle;

namespace Supervice.Core.Engine;

/// <summary>The crash report (README: Service dependencies and readiness): an unexpected exit, or one that makes a process FATAL, is logged with its cause
/// and the last lines of stderr (stdout when stderr is redirected or silent); `ctl status NAME` shows them. The report
/// waits for the run's pipes to reach end of file, so the child's last words are in the ring, or for a short grace
/// when a survivor still holds a pipe open.</summary>
public sealed partial class Supervisor
{
    public const int CrashReportLines = 5;
    private const long CrashReportGraceMs = 500;

    /// <summary>The output pipes of one run: the report of that run waits for their end of file.</summary>
    private Action PipeClosed(ManagedProcess p, int pid) => () => Post(() =>
    {
        if (!p.OpenPipes.TryGetValue(pid, out var open)) return;
        if (open > 1) { p.OpenPipes[pid] = open - 1; return; }
        p.OpenPipes.Remove(pid);
        ReportCrash(p, pid);
    });

    private static void NoteRunPipes(ManagedProcess p, int pid, int pipes) => p.OpenPipes[pid] = pipes;

    /// <summary>After an exit was decided: a crash is an exit the program did not mean (a signal, a code outside
    /// exitcodes) or one that failed the start or made it FATAL; a stop we asked for is none.</summary>
    private void AfterExit(ManagedProcess p, ProcessState before, ExitStatus exit, int pid)
    {
        if (before is not (ProcessState.Starting or ProcessState.Running or ProcessState.Unhealthy)) return;
        bool unexpected = exit.BySignal || !p.Spec.ExitCodes.Contains(exit.Code);
        var now = p.State.State;
        if (!unexpected && now is not (ProcessState.Backoff or ProcessState.Fatal)) return;
        p.PendingCrash = now == ProcessState.Fatal ? $"{exit.Describe()} (FATAL)" : $"{exit.Describe()} unexpectedly";
        p.CrashPid = pid;
        if (!p.OpenPipes.ContainsKey(pid)) { ReportCrash(p, pid); return; }
        After(CrashReportGraceMs, () => { p.OpenPipes.Remove(pid); ReportCrash(p, pid); });
    }

    private void ReportCrash(ManagedProcess p, int pid)
    {
        if (p.PendingCrash is not { } cause || p.CrashPid != pid) return;
        p.PendingCrash = null;
        var (stream, lines) = LastLines(p);
        p.LastOutput = lines;
        if (lines.Count == 0) _log.ZLogWarning($"{p.Name}: {cause}; no output");
        else _log.ZLogWarning($"{p.Name}: {cause}; last {stream}: {string.Join(" | ", lines)}");
    }

    private static (string Stream, List<string> Lines) LastLines(ManagedProcess p)
    {
        static List<string> Tail(Output.OutputSink sink)
            => [.. sink.TailLines(CrashReportLines).Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).TakeLast(CrashReportLines)];
        var err = p.Spec.RedirectStderr ? [] : Tail(p.Stderr);
        return err.Count > 0 ? ("stderr", err) : ("stdout", Tail(p.Stdout));
    }
}
