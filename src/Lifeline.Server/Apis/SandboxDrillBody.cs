namespace Lifeline.Server.Apis;

/// <summary><c>POST /api/drills/sandbox</c>: the estate (default: the first with a sandbox profile) and the shortened failover criterion.</summary>
public sealed record SandboxDrillBody(string? Estate, string? CriteriaWindow);
