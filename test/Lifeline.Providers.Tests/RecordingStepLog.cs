using Lifeline.Core.Providers;

namespace Lifeline.Providers.Tests;

internal sealed class RecordingStepLog : IStepLog
{
    public List<string> Lines { get; } = [];

    public void Write(string line) => Lines.Add(line);

    public static StepContext Context(RecordingStepLog log) => new("run-1", "step-1", 1, 7, RunMode.Drill, log);
}
