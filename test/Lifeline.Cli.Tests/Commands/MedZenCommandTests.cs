using System.Text.Json;
using Lifeline.Cli.Tests.Support;

namespace Lifeline.Cli.Tests.Commands;

/// <summary>The MedZen example through the real CLI: it validates, and every plan dry-runs against production with its aws commands.</summary>
public sealed class MedZenCommandTests
{
    [Fact]
    public async Task Validate_MedZen_ExitsZero()
    {
        var (exit, stdout, stderr) = await CliProcess.RunAsync(RepositoryPaths.Root, "validate", "examples/medzen");

        Assert.True(exit == 0, stderr);
        Assert.StartsWith("medzen: valid", stdout, StringComparison.Ordinal);
        Assert.Contains("12 plans", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ehrbase-failover", "promote", "aws rds promote-read-replica --db-instance-identifier medzen-ehrbase-db-replica --region eu-west-1")]
    [InlineData("ehrbase-failover", "scale-dr", "aws ecs update-service --cluster medzen-ehrbase-cluster --service medzen-ehrbase-service --desired-count 4 --region eu-west-1")]
    [InlineData("ehrbase-failover", "switch-dns", "aws route53 change-resource-record-sets --hosted-zone-id Z123456")]
    [InlineData("ehrbase-failover", "describe-primary-service", "aws ecs describe-services --cluster medzen-ehrbase-cluster --services medzen-ehrbase-service --region af-south-1")]
    [InlineData("ai-service-failover", "bedrock-to-fallback", "aws lambda update-function-configuration --function-name medzen-ai-chat-handler")]
    [InlineData("ai-service-failover", "lambda-logs", "aws logs filter-log-events --log-group-name /aws/lambda/medzen-ai-chat-handler")]
    [InlineData("ai-service-reroute", "route-api", "aws apigatewayv2 update-integration --api-id medzenai01 --integration-id int-chat --integration-uri arn:aws:lambda:us-east-1:ACCOUNT:function:medzen-ai-chat-handler --region eu-west-1")]
    [InlineData("ai-service-rollback", "bedrock-home", "aws lambda update-function-configuration --function-name medzen-ai-chat-handler")]
    [InlineData("chime-media-failover", "media-region", "aws lambda update-function-configuration --function-name medzen-meeting-manager")]
    [InlineData("chime-media-failover", "recordings-access", "aws s3api list-objects-v2 --bucket medzen-recordings-eu-west-1")]
    [InlineData("chime-agora-fallback", "notify-users", "aws sns publish --topic-arn arn:aws:sns:eu-west-1:ACCOUNT:medzen-in-app-messages")]
    [InlineData("chime-agora-fallback", "process-queued", "aws s3 sync s3://medzen-recordings-queue-eu-west-1/ s3://medzen-recordings-eu-west-1/")]
    [InlineData("rds-recovery", "restore-to-time", "aws rds restore-db-instance-to-point-in-time --source-db-instance-identifier medzen-ehrbase-db --target-db-instance-identifier medzen-ehrbase-db-restored")]
    [InlineData("rds-recovery", "redeploy", "aws ecs update-service --cluster medzen-ehrbase-cluster --service medzen-ehrbase-service --force-new-deployment --region af-south-1")]
    [InlineData("rds-cross-region-recovery", "promote", "aws rds promote-read-replica --db-instance-identifier medzen-ehrbase-db-replica --region eu-west-1")]
    [InlineData("region-failure-af-south-1", "fence-primary", "aws ec2 revoke-security-group-ingress")]
    [InlineData("region-failure-eu-west-1", "ai-to-us-east-1", "aws route53 change-resource-record-sets --hosted-zone-id Z123456")]
    [InlineData("security-incident", "disable-key", "aws iam update-access-key --access-key-id AKIAIOSFODNN7EXAMPLE --status Inactive --user-name medzen-app")]
    [InlineData("security-incident", "restrict-sg", "aws ec2 revoke-security-group-ingress --group-id sg-0medzenehrbasealb --protocol tcp --port 443 --cidr 0.0.0.0/0 --region af-south-1")]
    [InlineData("security-incident", "cloudtrail", "aws cloudtrail lookup-events --lookup-attributes '[{\"AttributeKey\":\"AccessKeyId\",\"AttributeValue\":\"AKIAIOSFODNN7EXAMPLE\"}]'")]
    [InlineData("security-incident", "rotate-db-password", "aws secretsmanager rotate-secret --secret-id medzen/ehrbase/database")]
    [InlineData("security-incident", "page-legal", "aws sns publish --topic-arn arn:aws:sns:af-south-1:ACCOUNT:medzen-global-alerts")]
    [InlineData("return-to-primary", "canary-primary", "aws route53 change-resource-record-sets --hosted-zone-id Z123456")]
    [InlineData("return-to-primary", "promote-primary", "aws rds promote-read-replica --db-instance-identifier medzen-ehrbase-db --region af-south-1")]
    public async Task Run_DryRunProduction_ShowsTheAwsCommandOfTheRunbookStep(string scenario, string step, string command)
    {
        // When the plan is dry-run against production
        var steps = await DryRunAsync(scenario);

        // Then the step shows the aws command the runbook runs by hand, and every AWS-bound step shows its commands
        Assert.Contains(Commands(steps[step]), c => c.StartsWith(command, StringComparison.Ordinal));
        Assert.All(steps.Values.Where(s => s.TryGetProperty("provider", out var p) && p.GetString()?.StartsWith("aws-", StringComparison.Ordinal) == true),
            s => Assert.True(s.TryGetProperty("commands", out _), s.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Run_DryRunReturnToPrimary_ShiftsTrafficByWeightAndSoaksBeforeTheGate()
    {
        var steps = await DryRunAsync("return-to-primary");

        // The canary is a pair of weighted records, 10 to af-south-1 and 90 to eu-west-1
        var canary = Commands(steps["canary-primary"])[0];
        Assert.Contains("\"SetIdentifier\":\"af-south-1\",\"Weight\":10", canary, StringComparison.Ordinal);
        Assert.Contains("\"SetIdentifier\":\"eu-west-1\",\"Weight\":90", Commands(steps["canary-dr"])[0], StringComparison.Ordinal);
        Assert.False(steps["soak"].TryGetProperty("commands", out _));
    }

    [Fact]
    public async Task Demo_RdsRecoveryScenario_RowsDeletedAtTheFaultAreBackAndWritesAfterItAreListedAsLost()
    {
        // Given a work directory for the sandbox and the run state
        var work = Path.Combine(Path.GetTempPath(), "lifeline-mzpitr-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(work);
        try
        {
            // When the rds-recovery drill scenario runs: every patient deleted under write load, restored to just before
            var json = Path.Combine(work, "demo.json");
            var (exit, stdout, stderr) = await CliProcess.RunAsync(
                RepositoryPaths.Root, "demo", "--estate", "examples/medzen", "--scenario", "rds-recovery", "--json", json, "--dir", Path.Combine(work, "sandbox"), "--state", Path.Combine(work, "state.db"));

            // Then it succeeds, every write acknowledged before the delete is in the restored database (the deleted rows
            // are back), and the writes acknowledged after the restore point that it does not hold are counted and listed
            Assert.True(exit == 0, $"demo exited {exit}\n{stdout}\n{stderr}");
            var rpo = JsonDocument.Parse(File.ReadAllText(json)).RootElement.GetProperty("rpo");
            Assert.True(rpo.GetProperty("acknowledged_writes").GetInt32() > 0);
            Assert.Equal(0, rpo.GetProperty("lost_writes").GetInt32());
            var lostAfter = rpo.GetProperty("lost_after_fault").GetInt32();
            Assert.True(lostAfter > 0, "writes made on the damaged database after the restore point must be reported lost");
            Assert.Equal(lostAfter, rpo.GetProperty("lost_after_fault_ids").GetArrayLength());
            Assert.Contains("acknowledged after the fault, not in the recovered database", stdout, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task<Dictionary<string, JsonElement>> DryRunAsync(string scenario)
    {
        var (exit, stdout, stderr) = await CliProcess.RunAsync(
            RepositoryPaths.Root, "run", scenario, "--estate", "examples/medzen", "--mode", "dry-run", "--profile", "production", "--output", "json");
        Assert.True(exit == 0, stderr);
        return JsonDocument.Parse(stdout).RootElement.GetProperty("phases").EnumerateArray()
            .SelectMany(p => p.GetProperty("steps").EnumerateArray()).ToDictionary(s => s.GetProperty("id").GetString()!);
    }

    private static string[] Commands(JsonElement step) => [.. step.GetProperty("commands").EnumerateArray().Select(c => c.GetString()!)];
}
