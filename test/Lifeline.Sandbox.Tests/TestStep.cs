using Lifeline.Core.Providers;

namespace Lifeline.Sandbox.Tests;

/// <summary>Builds provider requests for tests and keeps the step's log lines.</summary>
internal sealed class TestStep : IStepLog
{
    public List<string> Lines { get; } = [];

    public StepContext Context => new("run-test", "step-test", 1, 1, RunMode.Drill, this);

    public void Write(string line) => Lines.Add(line);

    public OperationRequest Operation(string name, IReadOnlyDictionary<string, string> settings, IReadOnlyDictionary<string, string>? inputs = null) =>
        new(name, "target", settings, inputs ?? new Dictionary<string, string>(), Context);

    public ProbeRequest Probe(string name, IReadOnlyDictionary<string, string> settings, IReadOnlyDictionary<string, string>? inputs = null) =>
        new(name, "target", settings, inputs ?? new Dictionary<string, string>(), Context);
}
