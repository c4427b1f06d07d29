using Lifeline.Engine.Audit;
using Lifeline.Engine.Runs;
using Lifeline.Engine.Scheduling;
using Lifeline.Engine.Tests.Support;

namespace Lifeline.Engine.Tests.Audit;

public sealed class RunAuditTests
{
    [Fact]
    public async Task Run_WithAuditTrail_RecordsStartActionsDecisionsAndEnd_WithoutSecrets()
    {
        // Given a run with a secret, an action and a gate, writing to a real audit trail
        await using var harness = await EngineHarness.CreateAsync();
        const string secret = "s3cr3t-audit-value";
        harness.Environment["LIFELINE_SECRET_TOKEN"] = secret;
        await using var audit = await SqliteAuditTrail.OpenAsync(harness.Store.Path, TimeProvider.System, CancellationToken.None);
        var runs = new RunService(harness.Providers, harness.Store, TimeProvider.System, name => harness.Environment.GetValueOrDefault(name), audit);
        var loaded = harness.Load("""
            scenario: audited
            severity: P2
            phases:
              - id: one
                name: One
                budget: 1m
                steps:
                  - { id: act, shell: { argv: [echo, "token ${{ secrets.TOKEN }}"] } }
                  - { id: gate, needs: [act], approval: { prompt: Go?, approvers: [cto] } }
            """);
        var request = new StartRunRequest(loaded, "audited", Core.Providers.RunMode.Drill, "test", new Dictionary<string, string>(), RunBehaviour.Default with { AutoApprove = true }, "tester");

        // When it runs
        var outcome = await runs.StartAsync(request, NullRunObserver.Instance, CancellationToken.None);

        // Then the trail holds its start, the action's outcome, the decision and the end, chained and intact, and no secret
        Assert.Equal("succeeded", outcome.Report!.Status);
        var records = new List<AuditRecord>();
        await foreach (var record in audit.ReadAsync(0, CancellationToken.None))
        {
            records.Add(record);
        }

        Assert.Equal(["run.RunStarted", "run.StepSucceeded", "run.Decision", "run.StepSucceeded", "run.RunFinished"], records.Select(r => r.Action));
        Assert.Equal("drill-auto-approve", records.Single(r => r.Action == "run.Decision").Actor);
        Assert.All(records, r => Assert.Equal(outcome.Report.RunId, r.RunId));
        Assert.DoesNotContain(records, r => r.Detail.Contains(secret, StringComparison.Ordinal));
        Assert.True((await audit.VerifyAsync(null, CancellationToken.None)).Ok);
    }
}
