namespace Lifeline.Core.Plans;

/// <summary>A pause measured from when the step first started, so a resumed run does not wait twice.</summary>
public sealed record WaitBody(TimeSpan Duration) : StepBody
{
    public override StepKind Kind => StepKind.Wait;
}
