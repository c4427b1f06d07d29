using Lifeline.Core.Providers;
using Lifeline.Engine.Runs;
using Lifeline.Engine.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Lifeline.Engine.Tests.Scheduling;

/// <summary>The store writes enums in their one kebab-case spelling, and still reads what older builds stored.</summary>
public sealed class StoreWireSpellingTests
{
    private const string Plan = """
        scenario: spelling
        severity: P3
        phases:
          - id: only
            name: Only
            budget: 1m
            steps:
              - { id: a, action: noop.run }
        """;

    [Fact]
    public async Task Store_NewRun_WritesKebabCaseAndReadsOlderSpellings()
    {
        // Given a finished drill run in a real store
        await using var harness = await EngineHarness.CreateAsync();
        var report = await harness.StartAsync(Plan);

        // When its rows are read raw, then rewritten in the spellings older builds used
        var path = Path.Combine(harness.Directory, "state.db");
        string mode;
        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var read = connection.CreateCommand();
            read.CommandText = "SELECT mode FROM runs WHERE id = $id";
            read.Parameters.AddWithValue("$id", report.RunId);
            mode = (string)(await read.ExecuteScalarAsync())!;
            await using var rewrite = connection.CreateCommand();
            rewrite.CommandText = "UPDATE runs SET mode = 'DryRun', status = 'Succeeded' WHERE id = $id; UPDATE steps SET status = 'NeedsOperator' WHERE run_id = $id";
            rewrite.Parameters.AddWithValue("$id", report.RunId);
            await rewrite.ExecuteNonQueryAsync();
        }

        // Then the new row was kebab-case, and the old spellings still read as the same values
        Assert.Equal("drill", mode);
        var run = await harness.Store.GetRunAsync(report.RunId, CancellationToken.None);
        Assert.Equal(RunMode.DryRun, run!.Mode);
        Assert.Equal(RunStatus.Succeeded, run.Status);
        var step = Assert.Single(await harness.Store.GetStepsAsync(report.RunId, CancellationToken.None));
        Assert.Equal(StepStatus.NeedsOperator, step.Status);
    }
}
