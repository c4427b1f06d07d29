using Lifeline.Core.Providers;
using Lifeline.Providers.Aws.Acm;
using Lifeline.Providers.Aws.Backup;
using Lifeline.Providers.Aws.Cli;
using Lifeline.Providers.Aws.CloudWatch;
using Lifeline.Providers.Aws.Iam;
using Lifeline.Providers.Aws.Logs;
using Lifeline.Providers.Aws.S3;
using Microsoft.Extensions.Time.Testing;

namespace Lifeline.Providers.Tests.Aws;

/// <summary>What dry-run shows for the operational aws-* steps: the exact command lines, nothing run.</summary>
public sealed class AwsOpsPreviewTests
{
    private static readonly FakeTimeProvider Time = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
    private static readonly AwsCli Cli = new(new AwsCliOptions { Binary = "/nonexistent/aws" }, Time);

    [Fact]
    public void PreviewCommands_OperationalSteps_AreTheRunbooksCommandsWithProfileAndRegion()
    {
        // Given the DR profile's bindings
        var dr = new Dictionary<string, string> { ["profile"] = "dr", ["region"] = "ap-southeast-4" };

        // When each step's commands are previewed
        var sync = new AwsS3Provider(Cli, Time).PreviewCommands(Request("object.sync", With(dr, ("bucket", "axis-imaging-uploads-dr-production")), ("source", "s3://axis-imaging-backups-dr-production/file-uploads/")));
        var stat = new AwsS3Provider(Cli, Time).PreviewCommands(Request("object.stat", With(dr, ("bucket", "axis-imaging-backups-dr-production"), ("prefix", "database-backups/")), ("key", "2026/12/latest-backup.sql.enc")));
        var backup = new AwsBackupProvider(Cli, Time).PreviewCommands(Request("backup.status", With(dr, ("vault", "axis-imaging-backup-vault-dr-production"))));
        var iam = new AwsIamProvider(Cli).PreviewCommands(Request("credential.disable", With([], ("user-name", "compromised-user")), ("access-key-id", "AKIAEXAMPLE")));
        var p99 = new AwsCloudWatchProvider(Cli, Time).PreviewCommands(Request("metrics.query", dr, ("namespace", "AWS/ApplicationELB"), ("metric", "TargetResponseTime"), ("statistic", "p99")));
        var acm = new AwsAcmProvider(Cli, Time).PreviewCommands(Request("certificate.status", With(dr, ("certificate-arn", "arn:aws:acm:ap-southeast-4:1:certificate/x"))));
        var logs = new AwsLogsProvider(Cli, Time).PreviewCommands(Request("log.search", With([], ("log-group", "/aws/lambda/medzen-meeting-manager"), ("region", "eu-west-1")), ("pattern", "ERROR")));

        // Then they are the commands a person would type
        const string Tail = "--region ap-southeast-4 --profile dr --output json";
        Assert.Equal([$"aws s3 sync s3://axis-imaging-backups-dr-production/file-uploads/ s3://axis-imaging-uploads-dr-production/ --no-progress {Tail}"], sync);
        Assert.Equal([$"aws s3api head-object --bucket axis-imaging-backups-dr-production --key database-backups/2026/12/latest-backup.sql.enc {Tail}"], stat);
        Assert.Equal(
            [$"aws backup describe-backup-vault --backup-vault-name axis-imaging-backup-vault-dr-production {Tail}",
             $"aws backup list-backup-jobs --by-backup-vault-name axis-imaging-backup-vault-dr-production --by-created-after 2026-11-30T12:00:00Z {Tail}"],
            backup);
        Assert.Equal(
            ["aws iam update-access-key --access-key-id AKIAEXAMPLE --status Inactive --user-name compromised-user --output json",
             "aws iam list-access-keys --user-name compromised-user --output json"],
            iam);
        Assert.Equal(
            [$"aws cloudwatch get-metric-data --metric-data-queries '[{{\"Id\":\"m1\",\"MetricStat\":{{\"Metric\":{{\"Namespace\":\"AWS/ApplicationELB\",\"MetricName\":\"TargetResponseTime\",\"Dimensions\":[]}},\"Period\":300,\"Stat\":\"p99\"}},\"ReturnData\":true}}]' --start-time 2026-12-01T11:00:00Z --end-time 2026-12-01T12:00:00Z {Tail}"],
            p99);
        Assert.Equal([$"aws acm describe-certificate --certificate-arn arn:aws:acm:ap-southeast-4:1:certificate/x {Tail}"], acm);
        Assert.Equal(["aws logs filter-log-events --log-group-name /aws/lambda/medzen-meeting-manager --start-time 1796125500000 --filter-pattern ERROR --max-items 50 --region eu-west-1 --output json"], logs);
    }

    private static Dictionary<string, string> With(Dictionary<string, string> settings, params (string Key, string Value)[] more)
    {
        var all = new Dictionary<string, string>(settings, StringComparer.Ordinal);
        foreach (var (key, value) in more)
        {
            all[key] = value;
        }

        return all;
    }

    private static OperationRequest Request(string operation, Dictionary<string, string> settings, params (string Key, string Value)[] inputs) =>
        new(operation, "target", settings, inputs.ToDictionary(i => i.Key, i => i.Value, StringComparer.Ordinal), new StepContext("dry-run", "step", 0, 0, RunMode.DryRun, new RecordingStepLog()));
}
