namespace Lifeline.Server.Hosting;

/// <summary>The server's log messages, with stable event ids.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Run {RunId} finished here: {Status}")]
    public static partial void RunFinished(ILogger logger, string runId, string status);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "A background run or drill failed")]
    public static partial void BackgroundFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Break-glass on run {RunId} step {StepId} by {User}: P1 incident {IncidentId} raised")]
    public static partial void BreakGlass(ILogger logger, string runId, string stepId, string user, string incidentId);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Sandbox drill {DrillId}: {Line}")]
    public static partial void DrillProgress(ILogger logger, string drillId, string line);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Lifeline server listening on {Urls}; state {StatePath}; estates: {Estates}")]
    public static partial void Listening(ILogger logger, string urls, string statePath, string estates);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "Monitor {Estate} ({Profile}): {Message}")]
    public static partial void MonitorEvent(ILogger logger, string estate, string profile, string message);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "Monitor not started for {Estate}: {Problem}")]
    public static partial void MonitorNotStarted(ILogger logger, string estate, string problem);

    [LoggerMessage(EventId = 8, Level = LogLevel.Warning, Message = "Anti-flapping block on {Estate}/{Scenario} lifted by {User}: {Reason}")]
    public static partial void MonitorUnblocked(ILogger logger, string estate, string scenario, string user, string reason);
}
