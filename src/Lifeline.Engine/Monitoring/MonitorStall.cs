namespace Lifeline.Engine.Monitoring;

/// <summary>
/// A gap in a vantage point's observations wider than 1.5 probe intervals: the monitor stalled (GC pause, CPU
/// starvation, a paused VM or process) or an agent went silent. Its evidence restarted at <see cref="At"/>.
/// </summary>
public sealed record MonitorStall(string Vantage, DateTimeOffset At, double Seconds, string Message);
