using System.Text.Json;
using Lifeline.Cli.Tests.Support;

namespace Lifeline.Cli.Tests.Commands;

/// <summary>The Axis database-failure plans dry-run against production: each AWS step shows the aws command it would run.</summary>
public sealed class DatabaseFailureDryRunTests
{
    [Fact]
    public async Task Run_DatabaseFailureDryRunProduction_ForcesTheMultiAzFailoverThenRepointsAndRedeploys()
    {
        // When the Multi-AZ plan is dry-run with the production profile
        var steps = await DryRunAsync("database-failure");

        // Then the failover is RDS's reboot with failover, and the primary region's secret and backend follow it
        Assert.StartsWith("aws rds reboot-db-instance --db-instance-identifier axis-imaging-primary-production --force-failover", Commands(steps, "force-failover")[1], StringComparison.Ordinal);
        Assert.StartsWith("aws secretsmanager put-secret-value --secret-id axis-imaging/database/password/production --secret-string '***'", Assert.Single(Commands(steps, "update-db-secret")), StringComparison.Ordinal);
        Assert.StartsWith("aws ecs update-service --cluster axis-imaging-cluster-production --service axis-imaging-backend-production --desired-count 0", Commands(steps, "backend-down")[0], StringComparison.Ordinal);
        Assert.StartsWith("aws ecs update-service --cluster axis-imaging-cluster-production --service axis-imaging-backend-production --desired-count 2", Commands(steps, "backend-up")[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_DatabasePitrDryRunProduction_RestoresToTheChosenTimeIntoANewInstance()
    {
        // When the point-in-time plan is dry-run with the production profile and a chosen time
        var steps = await DryRunAsync("database-pitr", "--input", "restore-time=2026-12-01T09:30:00Z");

        // Then the restore is RDS's restore-to-point-in-time of the primary into the runbook's new instance, at that time
        var restore = string.Join("\n", Commands(steps, "restore"));
        Assert.Contains("aws rds restore-db-instance-to-point-in-time", restore, StringComparison.Ordinal);
        Assert.Contains("--source-db-instance-identifier axis-imaging-primary-production", restore, StringComparison.Ordinal);
        Assert.Contains("--target-db-instance-identifier axis-imaging-pitr-recovery", restore, StringComparison.Ordinal);
        Assert.Contains("--restore-time 2026-12-01T09:30:00Z", restore, StringComparison.Ordinal);
        Assert.StartsWith("aws secretsmanager put-secret-value --secret-id axis-imaging/database/password/production ", Assert.Single(Commands(steps, "update-db-secret")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_RegionFailoverDryRunProduction_ChecksTheBackupVaultJobsAndReplicatedBackups()
    {
        // When the region failover is dry-run with the production profile
        var steps = await DryRunAsync("region-failover");

        // Then phase 2.1 describes the DR vault, lists its recent jobs and lists the replicated database backups
        Assert.Equal("aws backup describe-backup-vault --backup-vault-name axis-imaging-backup-vault-dr-production --region ap-southeast-4 --output json", Commands(steps, "backup-vault")[0]);
        Assert.StartsWith("aws backup list-backup-jobs --by-backup-vault-name axis-imaging-backup-vault-dr-production --by-created-after ", Commands(steps, "backup-vault")[1], StringComparison.Ordinal);
        Assert.StartsWith("aws s3api list-objects-v2 --bucket axis-imaging-backups-dr-production --prefix database-backups/", Assert.Single(Commands(steps, "replicated-backup")), StringComparison.Ordinal);
    }

    private static async Task<Dictionary<string, JsonElement>> DryRunAsync(string scenario, params string[] extra)
    {
        var (exit, stdout, stderr) = await CliProcess.RunAsync(
            RepositoryPaths.Root, ["run", scenario, "--estate", "examples/axis-imaging", "--mode", "dry-run", "--profile", "production", "--output", "json", .. extra]);
        Assert.True(exit == 0, stderr);
        return JsonDocument.Parse(stdout).RootElement.GetProperty("phases").EnumerateArray()
            .SelectMany(p => p.GetProperty("steps").EnumerateArray()).ToDictionary(s => s.GetProperty("id").GetString()!, s => s.Clone());
    }

    private static string[] Commands(Dictionary<string, JsonElement> steps, string id) =>
        [.. steps[id].GetProperty("commands").EnumerateArray().Select(c => c.GetString()!)];
}
