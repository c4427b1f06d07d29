namespace Lifeline.Sandbox.Demo;

/// <summary>Achieved: fault to validated recovery. Client downtime: first failed write to first acknowledged write after recovery.</summary>
internal sealed record DemoRto(double ObjectiveS, double AchievedS, double? ClientDowntimeS);
