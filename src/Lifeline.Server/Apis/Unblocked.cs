namespace Lifeline.Server.Apis;

/// <summary>An anti-flapping block lifted: how many failovers' blocks were acknowledged, and by whom.</summary>
public sealed record Unblocked(string Estate, string Scenario, int Lifted, string By);
