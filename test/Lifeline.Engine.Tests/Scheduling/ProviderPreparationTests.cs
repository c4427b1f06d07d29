using Lifeline.Core.Providers;
using Lifeline.Core.Vocabulary;
using Lifeline.Engine.Runs;
using Lifeline.Engine.Tests.Support;

namespace Lifeline.Engine.Tests.Scheduling;

/// <summary>
/// A provider's preparation (<see cref="IPreparesAhead"/>, the AWS CLI's version check) starts with the run, beside its
/// first phase, not when the first step that needs the provider starts; providers the plan does not use are left alone.
/// </summary>
public sealed class ProviderPreparationTests
{
    private const string Resources = """
          warm:
            kind: endpoint
            site: here
            bindings:
              test: { provider: preparing }
        """;

    [Fact]
    public async Task Execute_StepInALaterPhaseUsesAPreparingProvider_PreparedWhenTheRunStarted()
    {
        // Given a plan whose second phase acts on a resource of a provider that prepares ahead, and one that is unused
        var used = new PreparingProvider("preparing", TimeProvider.System);
        var unused = new PreparingProvider("preparing-unused", TimeProvider.System);
        await using var harness = await EngineHarness.CreateAsync(null, [used, unused]);
        const string plan = """
            scenario: prepared
            severity: P3
            phases:
              - { id: one, name: One, budget: 1m, steps: [ { id: wait, action: sleep.run, with: { duration: 300ms } } ] }
              - { id: two, name: Two, budget: 1m, steps: [ { id: act, action: noop.run, target: warm } ] }
            """;

        // When it runs
        var report = await harness.StartAsync(plan, extraResources: Resources);

        // Then the used provider was prepared once, before the first phase ended, and the unused one never
        Assert.Equal("succeeded", report.Status);
        var phaseOneFinished = harness.Events.Single(e => e.Kind == RunEventKind.PhaseFinished && e.PhaseId == "one").At;
        Assert.Equal(1, used.Prepared);
        Assert.True(used.PreparedAt < phaseOneFinished, $"prepared at {used.PreparedAt:HH:mm:ss.fff}, phase one finished at {phaseOneFinished:HH:mm:ss.fff}");
        Assert.Equal(1, used.Executed);
        Assert.Equal(0, unused.Prepared);
    }

    [Fact]
    public async Task Execute_PreparationThrows_RunSucceedsAndTheStepStillRuns()
    {
        // Given a provider whose preparation breaks its promise and throws
        var broken = new PreparingProvider("preparing", TimeProvider.System, throws: true);
        await using var harness = await EngineHarness.CreateAsync(null, [broken]);
        const string plan = """
            scenario: prepared
            severity: P3
            phases:
              - { id: one, name: One, budget: 1m, steps: [ { id: act, action: noop.run, target: warm } ] }
            """;

        // When a run uses it
        var report = await harness.StartAsync(plan, extraResources: Resources);

        // Then the preparation cost the run nothing: the step ran and the run succeeded
        Assert.Equal("succeeded", report.Status);
        Assert.Equal(1, broken.Prepared);
        Assert.Equal(1, broken.Executed);
    }

    /// <summary>The no-op provider under another name, counting its preparations and operations.</summary>
    private sealed class PreparingProvider(string name, TimeProvider time, bool throws = false) : IProvider, IPreparesAhead
    {
        private int _prepared;
        private int _executed;

        public ProviderDescriptor Descriptor { get; } = new(name, "Test double: prepares ahead.", [Operations.Noop.Run], [Operations.Noop.Observe], []);

        public int Prepared => Volatile.Read(ref _prepared);

        public int Executed => Volatile.Read(ref _executed);

        public DateTimeOffset PreparedAt { get; private set; }

        public Task PrepareAsync(CancellationToken cancellationToken)
        {
            PreparedAt = time.GetUtcNow();
            Interlocked.Increment(ref _prepared);
            return throws ? Task.FromException(new InvalidOperationException("preparation broke")) : Task.CompletedTask;
        }

        public ValueTask<OperationOutcome> ExecuteAsync(OperationRequest request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _executed);
            return ValueTask.FromResult(OperationOutcome.Success(request.Inputs));
        }

        public ValueTask<ProbeOutcome> ProbeAsync(ProbeRequest request, CancellationToken cancellationToken) =>
            ValueTask.FromResult(ProbeOutcome.Observed(new Dictionary<string, string>()));
    }
}
