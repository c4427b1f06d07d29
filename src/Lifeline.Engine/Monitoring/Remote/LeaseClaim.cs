namespace Lifeline.Engine.Monitoring.Remote;

/// <summary>
/// What a self-fencing agent says with each report: it holds (or no longer holds) the primary role of
/// <see cref="Resource"/> for <see cref="TtlSeconds"/> from the moment the control plane acknowledges the report.
/// <see cref="Held"/> is false once the agent has fenced its primary or found it not running as a primary.
/// </summary>
public sealed record LeaseClaim(string Resource, double TtlSeconds, bool Held);
