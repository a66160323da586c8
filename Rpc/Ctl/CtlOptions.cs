namespace Supervice.Rpc.Ctl;

/// <summary>Options shared by every ctl verb.</summary>
public sealed record CtlOptions(string? Config, string? Socket, double? Timeout, bool Json);
