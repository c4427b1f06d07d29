namespace Lifeline.Sandbox.Demo;

/// <summary>Acknowledged writes (before the fault) and those absent from the recovered database.</summary>
internal sealed record DemoRpo(double ObjectiveS, int AcknowledgedWrites, int LostWrites, double LostWindowS, IReadOnlyList<long> LostIds);
