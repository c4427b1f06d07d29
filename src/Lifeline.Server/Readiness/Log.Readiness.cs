namespace Lifeline.Server.Hosting;

/// <summary>Readiness and testing-calendar log messages (event ids 160-169, kept apart from the rest).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 160, Level = LogLevel.Warning, Message = "{Summary}: {Evidence}")]
    public static partial void ReadinessChanged(ILogger logger, string summary, string evidence);
}
