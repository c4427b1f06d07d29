namespace Lifeline.Engine.Runs;

internal static class StepStatusExtensions
{
    public static bool IsTerminal(this StepStatus status) =>
        status is StepStatus.Succeeded or StepStatus.Failed or StepStatus.Skipped;
}
