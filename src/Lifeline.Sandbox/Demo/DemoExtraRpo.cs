namespace Lifeline.Sandbox.Demo;

/// <summary>
/// A recovery point a plan step measured and output as <c>rpo_&lt;what&gt;_s</c> (e.g. the age of the newest file that
/// survived), against the estate's RPO for that data class when it has one.
/// </summary>
internal sealed record DemoExtraRpo(string What, string Step, double AchievedS, double? ObjectiveS, string? DataClass);
