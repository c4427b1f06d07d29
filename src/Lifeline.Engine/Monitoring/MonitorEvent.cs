namespace Lifeline.Engine.Monitoring;

/// <summary>Something the monitor noticed or did, for the console, the server and tests.</summary>
public sealed record MonitorEvent(DateTimeOffset At, MonitorEventKind Kind, string Message, string? Scenario = null, string? Resource = null, string? RunId = null, string? IncidentId = null);
