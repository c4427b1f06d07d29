using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Lifeline.AwsStandIn;
using Lifeline.Providers.Aws.Acm;
using Lifeline.Providers.Aws.Backup;
using Lifeline.Providers.Aws.CloudTrail;
using Lifeline.Providers.Aws.CloudWatch;
using Lifeline.Providers.Aws.Iam;
using Lifeline.Providers.Aws.Lambda;
using Lifeline.Providers.Aws.Logs;
using Lifeline.Providers.Aws.S3;
using Lifeline.Providers.Aws.SecretsManager;

namespace Lifeline.Providers.Tests.Aws;

/// <summary>
/// The seeds' operational AWS calls (S3, Backup, Lambda, IAM, CloudTrail, CloudWatch, ACM, Logs, rotate-secret), each run by
/// the real AWS CLI v2 against the AWS stand-in (no AWS account is reachable here). Each test groups the assertions of one
/// service: every CLI process start costs a second or more on a loaded machine.
/// </summary>
public sealed class AwsOpsProvidersAgainstAwsStandInTests
{
    private const string Dr = "ap-southeast-4";

    [Fact]
    public async Task SecretRotateAndGet_AgainstAwsStandIn_RotatesOnceVersionsAndNeverShowsTheValue()
    {
        // Given a secret
        await using var rig = AwsRig.Start();
        const string Original = "orig-Pa55-never-shown-4f1d";
        rig.StandIn.AddSecret("medzen/api-keys", Original);
        var secrets = new AwsSecretsManagerProvider(rig.Cli);
        var settings = rig.Settings(("secret-id", "medzen/api-keys"), ("region", Dr));

        // When it is read, rotated, rotated again by the same step (a retry), and read again
        var before = await secrets.ProbeAsync(rig.Probe("secret.get", settings), CancellationToken.None);
        var rotated = await secrets.ExecuteAsync(rig.Operation("secret.rotate", settings), CancellationToken.None);
        var retried = await secrets.ExecuteAsync(rig.Operation("secret.rotate", settings), CancellationToken.None);
        var after = await secrets.ProbeAsync(rig.Probe("secret.get", settings), CancellationToken.None);

        // Then it rotated once, the retry got the same version, the hash moved, and no value is in any argv or log line
        Assert.True(rotated.Succeeded, rotated.Error);
        Assert.True(retried.Succeeded, retried.Error);
        Assert.NotEmpty(rotated.Outputs["version"]);
        Assert.Equal(rotated.Outputs["version"], retried.Outputs["version"]);
        Assert.Equal(1, rig.StandIn.Rotations("medzen/api-keys"));
        Assert.Equal(Hash(Original), before.Fields["sha256"]);
        var current = rig.StandIn.SecretValue("medzen/api-keys")!;
        Assert.Equal(Hash(current), after.Fields["sha256"]);
        Assert.NotEqual(before.Fields["sha256"], after.Fields["sha256"]);
        Assert.Equal(["GetSecretValue", "RotateSecret", "RotateSecret", "GetSecretValue"], rig.Operations());
        Assert.Empty(rig.StandIn.Rejections);
        var words = rig.Profile.RecordedArgv().SelectMany(a => a).ToList();
        Assert.Contains("--client-request-token", words);
        foreach (var secret in new[] { Original, current })
        {
            Assert.DoesNotContain(words, w => w.Contains(secret, StringComparison.Ordinal));
            Assert.DoesNotContain(rig.Log.Lines, l => l.Contains(secret, StringComparison.Ordinal));
            Assert.DoesNotContain(before.Fields.Values.Concat(after.Fields.Values).Concat(rotated.Outputs.Values), v => v.Contains(secret, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task ObjectStatListAndSync_AgainstAwsStandIn_ReportFreshnessAndCopyWhatIsMissing()
    {
        // Given a replicated backup, a backup bucket with two uploads, and an uploads bucket with one of them
        await using var rig = AwsRig.Start();
        var written = TimeProvider.System.GetUtcNow().AddMinutes(-30);
        rig.StandIn.AddObject("axis-imaging-backups-dr-production", "database-backups/2026/12/latest-backup.sql.enc", 2048, written);
        rig.StandIn.AddObject("axis-imaging-backups-dr-production", "file-uploads/a.dcm", 10, written);
        rig.StandIn.AddObject("axis-imaging-backups-dr-production", "file-uploads/b.dcm", 20, written);
        rig.StandIn.AddObject("axis-imaging-uploads-dr-production", "a.dcm", 10, written);
        var s3 = new AwsS3Provider(rig.Cli, TimeProvider.System);
        var backups = rig.Settings(("bucket", "axis-imaging-backups-dr-production"), ("prefix", "database-backups/"), ("region", Dr));
        var uploads = rig.Settings(("bucket", "axis-imaging-uploads-dr-production"), ("region", Dr));

        // When the backup is stat'ed (and a missing one), the uploads bucket listed, then synced from the backups
        var stat = await s3.ProbeAsync(rig.Probe("object.stat", backups, new() { ["key"] = "2026/12/latest-backup.sql.enc" }), CancellationToken.None);
        var missing = await s3.ProbeAsync(rig.Probe("object.stat", backups, new() { ["key"] = "2026/11/none.sql.enc" }), CancellationToken.None);
        var sync = await s3.ExecuteAsync(rig.Operation("object.sync", uploads, new() { ["source"] = "s3://axis-imaging-backups-dr-production/file-uploads/" }), CancellationToken.None);
        var list = await s3.ProbeAsync(rig.Probe("object.list", uploads), CancellationToken.None);

        // Then
        Assert.True(stat.Error is null, stat.Error + "\n" + string.Join("\n", rig.StandIn.Rejections));
        Assert.Equal("true", stat.Fields["exists"]);
        Assert.Equal("2048", stat.Fields["size_bytes"]);
        Assert.InRange(double.Parse(stat.Fields["age_s"], CultureInfo.InvariantCulture), 1700, 1900);
        Assert.Equal("false", missing.Fields["exists"]);
        Assert.True(sync.Succeeded, sync.Error);
        Assert.Equal("1", sync.Outputs["copied"]);
        Assert.Equal(["a.dcm", "b.dcm"], rig.StandIn.ObjectKeys("axis-imaging-uploads-dr-production"));
        Assert.Equal("true", list.Fields["reachable"]);
        Assert.Equal("2", list.Fields["count"]);
        Assert.Equal("b.dcm", list.Fields["newest_key"]);
        Assert.Contains("CopyObject", rig.Operations());
        Assert.Empty(rig.StandIn.Rejections);
        Assert.Contains(rig.Profile.RecordedArgv(), a => a.Take(4).SequenceEqual(["s3", "sync", "s3://axis-imaging-backups-dr-production/file-uploads/", "s3://axis-imaging-uploads-dr-production/"]));
    }

    [Fact]
    public async Task BackupStatus_AgainstAwsStandIn_ReportsTheNewestCompletedJobAndItsAge()
    {
        // Given a vault with jobs: one completed 2 h ago, one completed 5 h ago, one failed, one from two days ago
        await using var rig = AwsRig.Start();
        var now = TimeProvider.System.GetUtcNow();
        rig.StandIn.AddBackupVault("axis-imaging-backup-vault-dr-production", 42);
        rig.StandIn.AddBackupJob("axis-imaging-backup-vault-dr-production", "COMPLETED", now.AddHours(-3), now.AddHours(-2));
        rig.StandIn.AddBackupJob("axis-imaging-backup-vault-dr-production", "COMPLETED", now.AddHours(-6), now.AddHours(-5));
        rig.StandIn.AddBackupJob("axis-imaging-backup-vault-dr-production", "FAILED", now.AddHours(-1), null);
        rig.StandIn.AddBackupJob("axis-imaging-backup-vault-dr-production", "COMPLETED", now.AddDays(-2), now.AddDays(-2).AddHours(1));
        var backup = new AwsBackupProvider(rig.Cli, TimeProvider.System);

        // When its status is probed (and a vault that does not exist)
        var status = await backup.ProbeAsync(rig.Probe("backup.status", rig.Settings(("vault", "axis-imaging-backup-vault-dr-production"), ("region", Dr))), CancellationToken.None);
        var none = await backup.ProbeAsync(rig.Probe("backup.status", rig.Settings(("vault", "no-such-vault"), ("region", Dr))), CancellationToken.None);

        // Then
        Assert.Null(status.Error);
        Assert.Equal("true", status.Fields["vault_exists"]);
        Assert.Equal("42", status.Fields["recovery_points"]);
        Assert.Equal("3", status.Fields["jobs"]);
        Assert.Equal("2", status.Fields["completed"]);
        Assert.Equal("1", status.Fields["failed"]);
        Assert.InRange(double.Parse(status.Fields["latest_age_s"], CultureInfo.InvariantCulture), 7100, 7400);
        Assert.Equal("false", none.Fields["vault_exists"]);
        Assert.Equal(["DescribeBackupVault", "ListBackupJobs", "DescribeBackupVault"], rig.Operations());
        Assert.Empty(rig.StandIn.Rejections);
    }

    [Fact]
    public async Task FunctionConfigureAndRollback_AgainstAwsStandIn_MergesOneVariableAndRestoresIt()
    {
        // Given the MedZen chat handler with its region and another variable
        await using var rig = AwsRig.Start();
        rig.StandIn.AddFunction("medzen-ai-chat-handler", new Dictionary<string, string> { ["BEDROCK_REGION"] = "eu-west-1", ["TABLE"] = "chats" });
        var lambda = new AwsLambdaProvider(rig.Cli);
        var settings = rig.Settings(("function", "medzen-ai-chat-handler"), ("region", "eu-west-1"));

        // When Bedrock fails over to us-east-1, the function is looked at, and the change is rolled back from the step's outputs
        var configured = await lambda.ExecuteAsync(rig.Operation("function.configure", settings, new() { ["variable"] = "BEDROCK_REGION", ["value"] = "us-east-1" }), CancellationToken.None);
        var environment = rig.StandIn.FunctionEnvironment("medzen-ai-chat-handler");
        var status = await lambda.ProbeAsync(rig.Probe("function.status", settings, new() { ["variable"] = "BEDROCK_REGION" }), CancellationToken.None);
        var rolledBack = await lambda.ExecuteAsync(rig.Operation("function.rollback", settings, new()
        {
            ["variable"] = configured.Outputs["variable"],
            ["previous-value"] = configured.Outputs["previous_value"],
            ["previous-present"] = configured.Outputs["previous_present"],
        }), CancellationToken.None);

        // Then the one variable changed and the other stayed, the CLI waited for the update, and the rollback restored it
        Assert.True(configured.Succeeded, configured.Error);
        Assert.Equal("eu-west-1", configured.Outputs["previous_value"]);
        Assert.Equal("true", configured.Outputs["previous_present"]);
        Assert.Equal("true", configured.Outputs["changed"]);
        Assert.Equal(new Dictionary<string, string> { ["BEDROCK_REGION"] = "us-east-1", ["TABLE"] = "chats" }, environment);
        Assert.Equal("us-east-1", status.Fields["value"]);
        Assert.Equal("BEDROCK_REGION,TABLE", status.Fields["variables"]);
        Assert.Equal("Active", status.Fields["state"]);
        Assert.True(rolledBack.Succeeded, rolledBack.Error);
        Assert.Equal(new Dictionary<string, string> { ["BEDROCK_REGION"] = "eu-west-1", ["TABLE"] = "chats" }, rig.StandIn.FunctionEnvironment("medzen-ai-chat-handler"));
        Assert.Equal(
            ["GetFunction", "UpdateFunctionConfiguration", "GetFunctionConfiguration", "GetFunction", "GetFunction", "UpdateFunctionConfiguration", "GetFunctionConfiguration"],
            rig.Operations());
        Assert.All(rig.StandIn.Calls.Where(c => c.Operation == "UpdateFunctionConfiguration"), c => Assert.True(c.Parameters.ContainsKey("RevisionId")));
        Assert.Empty(rig.StandIn.Rejections);
        // The whole environment went as a file: the other variables' values are in no argv.
        Assert.DoesNotContain(rig.Profile.RecordedArgv().SelectMany(a => a), w => w.Contains("chats", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CredentialDisable_AgainstAwsStandIn_DisablesAndReadsBackOrStopsOnAccessDenied()
    {
        // Given a compromised user's key, and a second key whose update is denied
        await using var rig = AwsRig.Start();
        rig.StandIn.AddAccessKey("compromised-user", "AKIAEXAMPLECOMPROMISED");
        var iam = new AwsIamProvider(rig.Cli);
        var settings = rig.Settings(("user-name", "compromised-user"));

        // When the key is disabled, then another attempt meets AccessDenied
        var disabled = await iam.ExecuteAsync(rig.Operation("credential.disable", settings, new() { ["access-key-id"] = "AKIAEXAMPLECOMPROMISED" }), CancellationToken.None);
        rig.StandIn.Inject("UpdateAccessKey", AwsFault.AccessDenied);
        var denied = await iam.ExecuteAsync(rig.Operation("credential.disable", settings, new() { ["access-key-id"] = "AKIAEXAMPLECOMPROMISED" }), CancellationToken.None);

        // Then the key reads back inactive; the denied attempt fails permanently with AWS's code and no retry
        Assert.True(disabled.Succeeded, disabled.Error);
        Assert.Equal("true", disabled.Outputs["disabled"]);
        Assert.Equal("Inactive", rig.StandIn.AccessKeyStatus("compromised-user", "AKIAEXAMPLECOMPROMISED"));
        Assert.False(denied.Succeeded);
        Assert.False(denied.IsTransient);
        Assert.Contains("AccessDenied", denied.Error, StringComparison.Ordinal);
        Assert.Equal(["UpdateAccessKey", "ListAccessKeys", "UpdateAccessKey"], rig.Operations());
        Assert.Empty(rig.StandIn.Rejections);
    }

    [Fact]
    public async Task AuditLogLookupAndLogSearch_AgainstAwsStandIn_ReturnEvidenceAndRetryThrottling()
    {
        // Given CloudTrail events of the compromised user (and of someone else), and a Lambda's log group; CloudTrail throttles once
        await using var rig = AwsRig.Start();
        var now = TimeProvider.System.GetUtcNow();
        rig.StandIn.AddTrailEvent(now.AddHours(-2), "CreateAccessKey", "compromised-user", "iam.amazonaws.com", "203.0.113.9");
        rig.StandIn.AddTrailEvent(now.AddHours(-1), "GetSecretValue", "compromised-user", "secretsmanager.amazonaws.com", "203.0.113.9");
        rig.StandIn.AddTrailEvent(now.AddHours(-1), "ListBuckets", "someone-else", "s3.amazonaws.com", "198.51.100.1");
        rig.StandIn.AddLogEvent("/aws/lambda/medzen-ai-chat-handler", now.AddMinutes(-5), "ERROR Bedrock InvokeModel timed out");
        rig.StandIn.AddLogEvent("/aws/lambda/medzen-ai-chat-handler", now.AddMinutes(-4), "INFO request ok");
        rig.StandIn.Inject("LookupEvents", AwsFault.Throttling);
        var trail = new AwsCloudTrailProvider(rig.Cli, TimeProvider.System);
        var logs = new AwsLogsProvider(rig.Cli, TimeProvider.System);

        // When the user's API calls are looked up and the handler's errors searched
        var lookup = await trail.ExecuteAsync(rig.Operation("audit-log.lookup", rig.Settings(("region", "eu-west-1")), new() { ["attribute"] = "Username", ["value"] = "compromised-user" }), CancellationToken.None);
        var search = await logs.ExecuteAsync(rig.Operation("log.search", rig.Settings(("log-group", "/aws/lambda/medzen-ai-chat-handler"), ("region", "eu-west-1")), new() { ["pattern"] = "ERROR" }), CancellationToken.None);

        // Then both return their evidence, the throttled lookup having been retried
        Assert.True(lookup.Succeeded, lookup.Error);
        Assert.Equal("2", lookup.Outputs["count"]);
        Assert.Equal("GetSecretValue,CreateAccessKey", lookup.Outputs["event_names"]);
        Assert.Contains("GetSecretValue by compromised-user from 203.0.113.9 (secretsmanager.amazonaws.com)", lookup.Outputs["evidence"], StringComparison.Ordinal);
        Assert.DoesNotContain("someone-else", lookup.Outputs["evidence"], StringComparison.Ordinal);
        Assert.True(search.Succeeded, search.Error);
        Assert.Equal("1", search.Outputs["count"]);
        Assert.Contains("ERROR Bedrock InvokeModel timed out", search.Outputs["evidence"], StringComparison.Ordinal);
        Assert.Equal(["ThrottlingException", null], rig.StandIn.Calls.Where(c => c.Operation == "LookupEvents").Select(c => c.Error));
        Assert.Equal("Username", rig.StandIn.Calls.First(c => c.Operation == "LookupEvents").Parameters["LookupAttributes.0.AttributeKey"]);
        Assert.Empty(rig.StandIn.Rejections);
    }

    [Fact]
    public async Task MetricsAlarmAndCertificate_AgainstAwsStandIn_ParseStatisticsPercentilesAlarmStateAndDaysLeft()
    {
        // Given ALB response times, an alarm in ALARM, and a certificate expiring in 40 days; the first metric call fails with a 500
        await using var rig = AwsRig.Start();
        rig.StandIn.SetMetric("AWS/ApplicationELB", "TargetResponseTime", 0.2, 0.9, 0.4);
        rig.StandIn.SetAlarm("medzen-chime-meeting-errors", "ALARM", "Threshold Crossed: 1 datapoint [12.0] was greater than 5.0");
        const string Arn = "arn:aws:acm:ap-southeast-4:000000000000:certificate/dr";
        rig.StandIn.AddCertificate(Arn, "portal.axisimaging.com.au", "ISSUED", TimeProvider.System.GetUtcNow().AddDays(40).AddHours(1));
        rig.StandIn.Inject("GetMetricStatistics", AwsFault.ServerError);
        var cloudwatch = new AwsCloudWatchProvider(rig.Cli, TimeProvider.System);
        var acm = new AwsAcmProvider(rig.Cli, TimeProvider.System);
        var settings = rig.Settings(("region", Dr));
        var metric = new Dictionary<string, string> { ["namespace"] = "AWS/ApplicationELB", ["metric"] = "TargetResponseTime", ["dimensions"] = "LoadBalancer=app/axis-dr/123" };

        // When the average, the p99, the alarm and the certificate are probed
        var average = await cloudwatch.ProbeAsync(rig.Probe("metrics.query", settings, metric), CancellationToken.None);
        var p99 = await cloudwatch.ProbeAsync(rig.Probe("metrics.query", settings, new(metric) { ["statistic"] = "p99" }), CancellationToken.None);
        var alarm = await cloudwatch.ProbeAsync(rig.Probe("metrics.alarm", settings, new() { ["alarm"] = "medzen-chime-meeting-errors" }), CancellationToken.None);
        var certificate = await acm.ProbeAsync(rig.Probe("certificate.status", rig.Settings(("certificate-arn", Arn), ("region", Dr))), CancellationToken.None);

        // Then
        Assert.Null(average.Error);
        Assert.Equal("3", average.Fields["datapoints"]);
        Assert.Equal("0.4", average.Fields["value"]);
        Assert.Equal("0.9", average.Fields["max"]);
        Assert.Equal("Seconds", average.Fields["unit"]);
        Assert.Null(p99.Error);
        Assert.Equal("0.4", p99.Fields["value"]);
        Assert.Equal("3", p99.Fields["datapoints"]);
        Assert.Equal("ALARM", alarm.Fields["state"]);
        Assert.Null(certificate.Error);
        Assert.Equal("ISSUED", certificate.Fields["status"]);
        Assert.Equal("40", certificate.Fields["days_left"]);
        Assert.Equal("true", certificate.Fields["in_use"]);
        Assert.Equal(["GetMetricStatistics", "GetMetricStatistics", "GetMetricData", "DescribeAlarms", "DescribeCertificate"], rig.Operations());
        Assert.Equal("app/axis-dr/123", rig.StandIn.Calls[1].Parameters["Dimensions.member.1.Value"]);
        Assert.Empty(rig.StandIn.Rejections);
    }

    private static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}
