using Supervice.Core;

namespace Supervice.Rpc;

/// <summary>The ctl verbs: build a request, send it, format the answer, choose the exit code.</summary>
public static class CtlVerbs
{
    private static int NotYet() { CliOutput.WriteStderr("supervice ctl: not available in this build yet\n"); return 1; }
    public static int Status(CtlOptions o, string[] names) => NotYet();
    public static int Start(CtlOptions o, string[] names) => NotYet();
    public static int Stop(CtlOptions o, string[] names) => NotYet();
    public static int Restart(CtlOptions o, string[] names, bool force) => NotYet();
    public static int StartGroup(CtlOptions o, string? group) => NotYet();
    public static int StopGroup(CtlOptions o, string? group) => NotYet();
    public static int Signal(CtlOptions o, string[] args) => NotYet();
    public static int Pid(CtlOptions o, string[] names) => NotYet();
    public static int Tail(CtlOptions o, string[] args, bool follow, int lines) => NotYet();
    public static int MainTail(CtlOptions o, bool follow, int lines) => NotYet();
    public static int Reload(CtlOptions o, bool dryRun) => NotYet();
    public static int Shutdown(CtlOptions o) => NotYet();
    public static int Version(CtlOptions o) => NotYet();
}
