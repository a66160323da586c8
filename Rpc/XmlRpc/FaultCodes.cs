namespace Supervice.Rpc.XmlRpc;

/// <summary>supervisord's fault codes (supervisor/xmlrpc.py `Faults`); SUCCESS is the status of a group result that worked.</summary>
public static class FaultCodes
{
    public const int UnknownMethod = 1, IncorrectParameters = 2, BadArguments = 3, SignatureUnsupported = 4, ShutdownState = 6,
        BadName = 10, BadSignal = 11, NoFile = 20, NotExecutable = 21, Failed = 30, AbnormalTermination = 40, SpawnError = 50,
        AlreadyStarted = 60, NotRunning = 70, Success = 80, AlreadyAdded = 90, StillRunning = 91, CantReread = 92;

    public static string Name(int code) => code switch
    {
        UnknownMethod => "UNKNOWN_METHOD", IncorrectParameters => "INCORRECT_PARAMETERS", BadArguments => "BAD_ARGUMENTS",
        SignatureUnsupported => "SIGNATURE_UNSUPPORTED", ShutdownState => "SHUTDOWN_STATE", BadName => "BAD_NAME",
        BadSignal => "BAD_SIGNAL", NoFile => "NO_FILE", NotExecutable => "NOT_EXECUTABLE", Failed => "FAILED",
        AbnormalTermination => "ABNORMAL_TERMINATION", SpawnError => "SPAWN_ERROR", AlreadyStarted => "ALREADY_STARTED",
        NotRunning => "NOT_RUNNING", Success => "SUCCESS", AlreadyAdded => "ALREADY_ADDED", StillRunning => "STILL_RUNNING",
        CantReread => "CANT_REREAD", _ => "UNKNOWN",
    };
}
