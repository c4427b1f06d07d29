using System.Text.Json.Serialization;

namespace Lifeline.Engine.DryRun;

/// <summary>One step as it would run: the operation, the provider that would perform it, and its resolved inputs (secrets as ***).</summary>
public sealed record DryRunStep(
    string Id,
    string Name,
    string Kind,
    string Does,
    string? Target,
    string? Provider,
    bool? ProviderCanExecute,
    bool Idempotent,
    IReadOnlyList<string> Needs,
    IReadOnlyDictionary<string, string> Inputs,
    IReadOnlyDictionary<string, string> Settings,
    double? TimeoutS,
    string Retry,
    string OnFailure,
    string? Compensation)
{
    /// <summary>The exact commands the step would run (the <c>aws …</c> lines of the AWS family), secrets masked; absent for other providers.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Commands { get; init; }
}
