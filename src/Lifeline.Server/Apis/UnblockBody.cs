namespace Lifeline.Server.Apis;

/// <summary><c>POST /api/monitor/unblock</c>: the scenario whose automatic failovers are blocked, why they may resume (mandatory, audited), and the estate (default: the only one served).</summary>
public sealed record UnblockBody(string? Estate, string? Scenario, string? Reason);
