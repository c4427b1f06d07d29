using Lifeline.Core.Plans;

namespace Lifeline.Engine.Steps;

/// <summary>Timeouts for steps that declare none: nothing may hang a recovery forever.</summary>
internal static class StepDefaults
{
    public static readonly TimeSpan ActionTimeout = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan CheckTimeout = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan ShellTimeout = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan NotifyTimeout = TimeSpan.FromMinutes(1);

    public static TimeSpan? TimeoutFor(Step step) => step.Timeout ?? step.Kind switch
    {
        StepKind.Action => ActionTimeout,
        StepKind.Check => CheckTimeout,
        StepKind.Shell => ShellTimeout,
        StepKind.Notify => NotifyTimeout,
        _ => null,
    };
}
