namespace Lifeline.Core.Providers;

/// <summary>The result of an operation as a value: succeeded with outputs, or failed with a reason and a transience verdict.</summary>
public sealed record OperationOutcome(bool Succeeded, IReadOnlyDictionary<string, string> Outputs, string? Error, bool IsTransient)
{
    private static readonly IReadOnlyDictionary<string, string> NoOutputs = new Dictionary<string, string>();

    public static OperationOutcome Success(IReadOnlyDictionary<string, string>? outputs = null) => new(true, outputs ?? NoOutputs, null, false);

    public static OperationOutcome Failure(string error, bool transient = false) => new(false, NoOutputs, error, transient);
}
