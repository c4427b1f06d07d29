namespace Lifeline.Server.Hosting;

/// <summary>Readiness and testing-calendar log messages (event ids 160-169, kept apart from the rest).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 160, Level = LogLevel.Warning, Message = "{Summary}: {Evidence}")]
    public static partial void ReadinessChanged(ILogger logger, string summary, string evidence);

    [LoggerMessage(EventId = 161, Level = LogLevel.Warning, Message = "serve --schedule: this host has no drill environment, so the testing calendar does not run (lifeline serve has one; lifeline-server never does)")]
    public static partial void CalendarUnavailable(ILogger logger);

    [LoggerMessage(EventId = 162, Level = LogLevel.Error, Message = "serve --schedule: the testing calendar of {Estate} failed this tick and carries on at the next")]
    public static partial void CalendarTickFailed(ILogger logger, string estate, Exception exception);

    [LoggerMessage(EventId = 163, Level = LogLevel.Warning, Message = "serve --schedule: {Problem}")]
    public static partial void CalendarStateUnreadable(ILogger logger, string problem);
}
