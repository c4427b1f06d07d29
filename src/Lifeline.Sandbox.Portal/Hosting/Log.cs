namespace Lifeline.Sandbox.Portal.Hosting;

internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Schema ready on {Host}:{Port}/{Database} (site {Site})")]
    public static partial void SchemaReady(ILogger logger, string host, int port, string database, string site);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Database {Host}:{Port} is read-only (in recovery: {InRecovery}); schema left alone")]
    public static partial void SchemaSkippedReadOnly(ILogger logger, string host, int port, bool inRecovery);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Database {Host}:{Port} unreachable; schema not checked yet, trying every second: {Reason}")]
    public static partial void SchemaUnreachable(ILogger logger, string host, int port, string reason);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Database unavailable for {Method} {Path}: {Reason}")]
    public static partial void DatabaseUnavailable(ILogger logger, string method, string path, string reason);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Upload {Key} not stored: {Reason}")]
    public static partial void UploadFailed(ILogger logger, string key, string reason);
}
