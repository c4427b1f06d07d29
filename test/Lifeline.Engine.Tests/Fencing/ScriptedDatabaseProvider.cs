using System.Collections.Concurrent;
using Lifeline.Core.Providers;
using Lifeline.Core.Vocabulary;

namespace Lifeline.Engine.Tests.Fencing;

/// <summary>
/// Stand-in database members for the watchdog's decision on fake time: probes answer what the test scripted (by the
/// binding's <c>name</c>), promote and fence are recorded, and <c>database.baseline-verify</c> always fails, so a run can
/// fail after its promotion. The sandbox tests run the same scenario against real PostgreSQL.
/// </summary>
internal sealed class ScriptedDatabaseProvider : IProvider
{
    public const string Name = "scripted-db";

    public ConcurrentDictionary<string, IReadOnlyDictionary<string, string>> Fields { get; } = new();

    public ConcurrentQueue<(string Operation, string Member, string Method)> Calls { get; } = new();

    public ProviderDescriptor Descriptor { get; } = new(
        Name,
        "Scripted database members (tests).",
        [Operations.Database.Promote, Operations.Database.Fence, Operations.Database.BaselineVerify],
        [Operations.Database.Status],
        [SettingDescriptor.Optional("name", "Which scripted member this binding is.")]);

    public void Set(string name, params (string Key, string Value)[] fields) => Fields[name] = fields.ToDictionary(f => f.Key, f => f.Value);

    public ValueTask<OperationOutcome> ExecuteAsync(OperationRequest request, CancellationToken cancellationToken)
    {
        var member = request.Settings["name"];
        Calls.Enqueue((request.Operation, member, request.Inputs.GetValueOrDefault("method", "")));
        return ValueTask.FromResult(request.Operation switch
        {
            var o when o == Operations.Database.Promote.Name => OperationOutcome.Success(new Dictionary<string, string> { ["endpoint"] = member }),
            var o when o == Operations.Database.Fence.Name => OperationOutcome.Success(new Dictionary<string, string> { ["fenced"] = "true", ["verified"] = "true", ["method"] = request.Inputs.GetValueOrDefault("method", "") }),
            _ => OperationOutcome.Failure("row counts differ: patients has 9, expected 10 (1 lost)"),
        });
    }

    public ValueTask<ProbeOutcome> ProbeAsync(ProbeRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(ProbeOutcome.Observed(Fields.TryGetValue(request.Settings["name"], out var fields) ? fields : new Dictionary<string, string> { ["reachable"] = "false" }));
}
