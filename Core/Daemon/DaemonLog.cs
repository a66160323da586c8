using Microsoft.Extensions.Logging;
using ZLogger;
using Supervice.Core.Output;

namespace Supervice.Core.Daemon;

/// <summary>The daemon's own log: ZLogger lines `YYYY-MM-DD HH:MM:SS.mmm LEVEL message` written to a
/// LogTee (stdout in the foreground and/or a rotating file, plus the ring that `ctl maintail` reads).</summary>
public sealed class DaemonLog : IDisposable
{
    private readonly ILoggerFactory _factory;

    public DaemonLog(LogTee tee, LogLevel level)
    {
        _factory = LoggerFactory.Create(b =>
        {
            b.ClearProviders();
            b.SetMinimumLevel(level);
            b.AddZLoggerStream(tee, o => o.UsePlainTextFormatter(f => f.SetPrefixFormatter($"{0:local-longdate} {1} ",
                (in MessageTemplate t, in LogInfo i) => t.Format(i.Timestamp, LevelName(i.LogLevel)))));
        });
        Logger = _factory.CreateLogger("supervice");
    }

    public ILogger Logger { get; }

    public static string LevelName(LogLevel level) => level switch
    {
        LogLevel.Trace or LogLevel.Debug => "DEBUG",
        LogLevel.Information => "INFO",
        LogLevel.Warning => "WARNING",
        LogLevel.Error => "ERROR",
        _ => "CRITICAL",
    };

    /// <summary>`debug`, `info`, `warn(ing)`, `error`, `critical` (any case) → a level; null when unknown.</summary>
    public static LogLevel? ParseLevel(string? text) => text?.Trim().ToUpperInvariant() switch
    {
        "DEBUG" or "TRACE" or "BLATHER" => LogLevel.Debug,
        "INFO" => LogLevel.Information,
        "WARN" or "WARNING" => LogLevel.Warning,
        "ERROR" => LogLevel.Error,
        "CRITICAL" or "FATAL" => LogLevel.Critical,
        _ => null,
    };

    public void Dispose() => _factory.Dispose();  // flushes ZLogger's background writer
}
