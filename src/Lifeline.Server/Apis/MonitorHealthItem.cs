namespace Lifeline.Server.Apis;

/// <summary>The latest health of one resource from one vantage point, as the hosted monitor observed it.</summary>
public sealed record MonitorHealthItem(string Resource, string Vantage, string Status, DateTimeOffset At, string Detail);
