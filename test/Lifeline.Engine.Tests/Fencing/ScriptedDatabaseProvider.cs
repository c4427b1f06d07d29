using System.Collections.Concurrent;
using Lifeline.Core.Providers;
using static Lifeline.Core.Providers.ParameterDescriptor;

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
        [
            new OperationDescriptor("database.promote", "Scripted.", [], ["endpoint"], true),
            new OperationDescriptor("database.fence", "Scripted.", [Optional("method", ParameterType.String, "m"), Optional("accept-unreachable", ParameterType.Boolean, "a")], ["fenced"], true),
            new OperationDescriptor("database.baseline-verify", "Scripted: always fails.", [], ["verified"], true),
        ],
        [new ProbeDescriptor("database.status", "Scripted.", [], ["reachable", "role", "writable"])],
        ["name"]);

    public void Set(string name, params (string Key, string Value)[] fields) => Fields[name] = fields.ToDictionary(f => f.Key, f => f.Value);

    public ValueTask<OperationOutcome> ExecuteAsync(OperationRequest request, CancellationToken cancellationToken)
    {
        var member = request.Settings["name"];
        Calls.Enqueue((request.Operation, member, request.Inputs.GetValueOrDefault("method", "")));
        return ValueTask.FromResult(request.Operation switch
        {
            "database.promote" => OperationOutcome.Success(new Dictionary<string, string> { ["endpoint"] = member }),
            "database.fence" => OperationOutcome.Success(new Dictionary<string, string> { ["fenced"] = "true", ["verified"] = "true", ["method"] = request.Inputs.GetValueOrDefault("method", "") }),
            _ => OperationOutcome.Failure("row counts differ: patients has 9, expected 10 (1 lost)"),
        });
    }

    public ValueTask<ProbeOutcome> ProbeAsync(ProbeRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(ProbeOutcome.Observed(Fields.TryGetValue(request.Settings["name"], out var fields) ? fields : new Dictionary<string, string> { ["reachable"] = "false" }));
}
