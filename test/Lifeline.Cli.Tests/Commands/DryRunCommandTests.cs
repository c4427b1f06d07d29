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

    [Fact]
    public async Task Run_DryRunProductionText_ShowsEachAwsCommandUnderItsStepWithSecretsMasked()
    {
        // When MedZen's EHRbase failover is dry-run with the production profile, as text
        var (exit, stdout, stderr) = await CliProcess.RunAsync(
            RepositoryPaths.Root, "run", "ehrbase-failover", "--estate", "examples/medzen", "--mode", "dry-run", "--profile", "production");

        // Then the aws command lines are shown under their steps, the secret's value masked
        Assert.True(exit == 0, stderr);
        var promote = stdout[stdout.IndexOf("  promote:", StringComparison.Ordinal)..];
        Assert.Contains("$ aws rds promote-read-replica --db-instance-identifier medzen-ehrbase-db-replica --region eu-west-1", promote, StringComparison.Ordinal);
        Assert.Contains("$ aws secretsmanager put-secret-value --secret-id medzen/ehrbase/database-dr --secret-string '***'", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_DryRunProductionJson_ListsTheAwsCommandOfEveryAwsStepWithSecretsMasked()
    {
        // When the region failover is dry-run with the production profile and the database password set
        var (exit, stdout, stderr) = await CliProcess.RunAsync(
            RepositoryPaths.Root, "run", "region-failover", "--estate", "examples/axis-imaging", "--mode", "dry-run", "--profile", "production", "--output", "json");

        // Then every step bound to an aws-* provider lists the exact aws command lines it would run
        Assert.True(exit == 0, stderr);
        var steps = JsonDocument.Parse(stdout).RootElement.GetProperty("phases").EnumerateArray()
            .SelectMany(p => p.GetProperty("steps").EnumerateArray()).ToDictionary(s => s.GetProperty("id").GetString()!);
        string[] Commands(string id) => [.. steps[id].GetProperty("commands").EnumerateArray().Select(c => c.GetString()!)];
        Assert.Equal(
            [
                "aws rds describe-db-instances --db-instance-identifier axis-imaging-primary-dr-production --region ap-southeast-4 --output json",
                "aws rds promote-read-replica --db-instance-identifier axis-imaging-primary-dr-production --region ap-southeast-4 --output json",
                "aws rds wait db-instance-available --db-instance-identifier axis-imaging-primary-dr-production --region ap-southeast-4 --output json",
                "aws rds describe-db-instances --db-instance-identifier axis-imaging-primary-dr-production --region ap-southeast-4 --output json",
            ],
            Commands("promote"));
        Assert.Equal(
            "aws secretsmanager put-secret-value --secret-id axis-imaging/database/password/production-dr --secret-string '***' --region ap-southeast-4 --output json",
            Assert.Single(Commands("update-db-secret")));
        Assert.StartsWith("aws ecs update-service --cluster axis-imaging-cluster-production-dr --service axis-imaging-backend-production-dr --desired-count 2", Commands("scale-backend-dr")[0], StringComparison.Ordinal);
        Assert.StartsWith("aws ecs wait services-stable", Commands("scale-backend-dr")[1], StringComparison.Ordinal);
        Assert.StartsWith("aws route53 change-resource-record-sets --hosted-zone-id Z1234567890ABC --change-batch", Commands("dns-portal")[0], StringComparison.Ordinal);
        Assert.StartsWith("aws route53 wait resource-record-sets-changed", Commands("dns-portal")[1], StringComparison.Ordinal);
        Assert.StartsWith("aws sns publish --topic-arn arn:aws:sns:ap-southeast-4:ACCOUNT:axis-imaging-dr-alerts", Assert.Single(Commands("notify-initial")), StringComparison.Ordinal);
        Assert.All(steps.Values.Where(s => s.TryGetProperty("provider", out var p) && p.GetString()?.StartsWith("aws-", StringComparison.Ordinal) == true),
            s => Assert.True(s.TryGetProperty("commands", out _), s.GetProperty("id").GetString()));
        Assert.False(steps["api-health"].TryGetProperty("commands", out _));
    }
}
