using System.Collections.Concurrent;
using Lifeline.Core.Providers;
using Lifeline.Core.Vocabulary;

namespace Lifeline.Engine.Tests.Monitoring;

/// <summary>
/// A provider whose probes answer what the test scripted (by the binding's <c>name</c> setting). Used only for the
/// monitor's decision rules, which need outages on a schedule; the sandbox tests cover the real servers.
/// </summary>
internal sealed class ScriptedProbeProvider : IProvider, IPreparesAhead
{
    public const string Name = "scripted";

    private int _prepared;

    /// <summary>How many times a run or monitor prepared it (<see cref="IPreparesAhead"/>).</summary>
    public int Prepared => Volatile.Read(ref _prepared);

    public ConcurrentDictionary<string, IReadOnlyDictionary<string, string>> Fields { get; } = new();

    public ProviderDescriptor Descriptor { get; } = new(
        Name,
        "Scripted probe answers (tests).",
        [],
        [Operations.Http.Get, Operations.Database.Status],
        [SettingDescriptor.Required("name", "Which scripted answers to give.")]);

    public void Set(string name, params (string Key, string Value)[] fields) => Fields[name] = fields.ToDictionary(f => f.Key, f => f.Value);

    public Task PrepareAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _prepared);
        return Task.CompletedTask;
    }

    public ValueTask<OperationOutcome> ExecuteAsync(OperationRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(OperationOutcome.Failure("scripted provider has no operations"));

    public ValueTask<ProbeOutcome> ProbeAsync(ProbeRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(ProbeOutcome.Observed(Fields.TryGetValue(request.Settings["name"], out var fields) ? fields : new Dictionary<string, string> { ["reachable"] = "false" }));
}
