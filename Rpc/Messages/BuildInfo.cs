namespace Supervice.Rpc.Messages;

public static class BuildInfo
{
    public const string Version = "0.5.0";
}
