using Lifeline.Engine.Runs;

namespace Lifeline.Engine.Steps;

/// <summary>How one attempt of a step ended, as a value.</summary>
internal sealed record StepResult(StepStatus Status, IReadOnlyDictionary<string, string> Outputs, string? Error, bool IsTransient)
{
    private static readonly IReadOnlyDictionary<string, string> None = new Dictionary<string, string>();

    public static StepResult Succeeded(IReadOnlyDictionary<string, string>? outputs = null) => new(StepStatus.Succeeded, outputs ?? None, null, false);

    public static StepResult Failed(string error, bool transient = false) => new(StepStatus.Failed, None, error, transient);

    public static StepResult Waiting(string why) => new(StepStatus.Waiting, None, why, false);

    public bool IsFailure => Status == StepStatus.Failed;
}
