namespace Lifeline.Server.Apis;

/// <summary>
/// <c>POST /api/runs</c>: which plan, how. A live run must repeat its scenario name in <see cref="Confirm"/>, as the CLI asks
/// at its prompt. <see cref="AutoApprove"/> is for drills only.
/// </summary>
public sealed record StartRunBody(string Estate, string Scenario, string Mode, string? Profile, IReadOnlyDictionary<string, string>? Inputs, DateTimeOffset? Since, bool AutoApprove, string? Confirm);
