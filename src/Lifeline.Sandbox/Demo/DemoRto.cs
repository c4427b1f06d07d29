namespace Lifeline.Sandbox.Demo;

/// <summary>Achieved: fault to validated recovery. Client downtime: first failed write to first acknowledged write after recovery.</summary>
internal sealed record DemoRto(double ObjectiveS, double AchievedS, double? ClientDowntimeS)
{
    /// <summary>Where the clock starts: <c>fault</c> (the first fault applied), or <c>plan-start</c> for a drill without faults.</summary>
    public string From { get; init; } = "fault";

    /// <summary>Where it stops: <c>validated</c> (the plan finished, its validation phase included) or <c>plan-finished</c>.</summary>
    public string To { get; init; } = "validated";
}
