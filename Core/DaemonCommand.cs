namespace Supervice.Core;

/// <summary>`supervice daemon`: load the config, detach unless -n, run the supervisor until shutdown.</summary>
public static class DaemonCommand
{
    public const string ChildVerb = "__daemon-child";

    public static int Run(DaemonOptions options)
    {
        CliOutput.WriteStderr("supervice daemon: not built yet\n");
        return 1;
    }

    public static int RunDetachedChild(string[] args) => 1;
}
