namespace Lifeline.Server.Apis;

/// <summary>One item of the readiness checklist: <c>pass</c>, <c>fail</c> or <c>unknown</c> (not observed yet).</summary>
public sealed record ReadinessCheck(string Name, string Status, string Detail);
