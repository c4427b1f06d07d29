using System.Text.Json;
using Lifeline.Cli.Tests.Support;

namespace Lifeline.Cli.Tests.Commands;

public sealed class DryRunCommandTests
{
    [Fact]
    public async Task Run_DryRunJson_PrintsFivePhasesBudgetsAndResolvedInputsWithSecretsMasked()
    {
        // When the Axis Imaging region failover is dry-run with a secret that resolves
        var (exit, stdout, stderr) = await CliProcess.RunAsync(
            RepositoryPaths.Root, "run", "region-failover", "--estate", "examples/axis-imaging", "--mode", "dry-run", "--profile", "sandbox", "--output", "json");

        // Then the JSON has the runbook's five phases with their budgets, and every step with its inputs
        Assert.True(exit == 0, stderr);
        var report = JsonDocument.Parse(stdout).RootElement;
        var phases = report.GetProperty("phases").EnumerateArray().ToList();
        Assert.Equal(5, phases.Count);
        Assert.Equal([1800.0, 5400.0, 10800.0, 7200.0, 14400.0], phases.Select(p => p.GetProperty("budget_s").GetDouble()));
        var steps = phases.SelectMany(p => p.GetProperty("steps").EnumerateArray()).ToList();
        Assert.True(steps.Count >= 15, $"expected the runbook's steps, got {steps.Count}");
        Assert.All(steps, s => Assert.True(s.TryGetProperty("inputs", out _)));
        Assert.Contains("***", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_DryRun_ExitsZero()
    {
        var (exit, stdout, stderr) = await CliProcess.RunAsync(RepositoryPaths.Root, "run", "region-failover", "--estate", "examples/axis-imaging");

        Assert.True(exit == 0, stderr);
        Assert.Contains("Dry run", stdout, StringComparison.Ordinal);
        Assert.Contains("Phase 5", stdout, StringComparison.Ordinal);
    }
}
