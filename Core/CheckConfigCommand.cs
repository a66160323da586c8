namespace Supervice.Core;
using Supervice.Config;

/// <summary>`supervice check-config`: load and validate, print every diagnostic, exit 0/1/2.</summary>
public static class CheckConfigCommand
{
    public static int Run(string? config, bool json, bool portable, string[] env)
    {
        CliOutput.WriteStderr("check-config: not built yet\n");
        return 1;
    }
}
