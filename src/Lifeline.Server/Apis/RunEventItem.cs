namespace Lifeline.Server.Apis;

/// <summary>One event of a run's timeline; <see cref="Sequence"/> is its position (the SSE event id).</summary>
public sealed record RunEventItem(int Sequence, DateTimeOffset At, string Kind, string? PhaseId, string? StepId, int Attempt, string Message);
