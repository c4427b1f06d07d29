using Lifeline.Core.Providers;
using Lifeline.Core.Vocabulary;
using Lifeline.Providers.Aws.Cli;

namespace Lifeline.Providers.Aws.Backup;

/// <summary>AWS Backup through the AWS CLI: describe-backup-vault, then list-backup-jobs within the window.</summary>
internal sealed class AwsBackupProvider(AwsCli cli, TimeProvider time) : IProvider, ICommandPreview, IPreparesAhead
{
    public Task PrepareAsync(CancellationToken cancellationToken) => cli.PrepareAsync(cancellationToken);

    public const string Name = "aws-backup";
    private const string VaultSetting = "vault";
    private static readonly TimeSpan DefaultWindow = TimeSpan.FromHours(24);

    public ProviderDescriptor Descriptor { get; } = new(
        Name,
        "AWS Backup through the AWS CLI: describe-backup-vault, list-backup-jobs.",
        [],
        Operations.Backup.Capability.Probes,
        [SettingDescriptor.Required(VaultSetting, "Backup vault name."), .. AwsConnection.Settings]);

    public ValueTask<OperationOutcome> ExecuteAsync(OperationRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AwsOutcomes.UnknownOperation(Name, request.Operation));

    public async ValueTask<ProbeOutcome> ProbeAsync(ProbeRequest request, CancellationToken cancellationToken)
    {
        if (request.Probe != Operations.Backup.Status.Name)
        {
            return ProbeOutcome.Invalid($"{Name} does not offer probe '{request.Probe}'");
        }

        if (AwsValues.Setting(request.Settings, VaultSetting) is not { } vault)
        {
            return ProbeOutcome.Invalid($"{Name} needs setting '{VaultSetting}'");
        }

        var connection = AwsConnection.From(request.Settings);
        var described = await cli.RunAsync(DescribeVault(vault), connection, request.Context.Log, cancellationToken);
        if (!described.Succeeded)
        {
            return described.ErrorCode == "ResourceNotFoundException"
                ? ProbeOutcome.Observed(new Dictionary<string, string>
                {
                    ["vault_exists"] = "false", ["recovery_points"] = "0", ["jobs"] = "0", ["completed"] = "0", ["failed"] = "0", ["latest_completed_at"] = "", ["latest_age_s"] = "",
                })
                : ProbeOutcome.Invalid(described.Error!);
        }

        var now = time.GetUtcNow();
        var listed = await cli.RunAsync(ListJobs(vault, now - AwsValues.Duration(request.Inputs, "within", DefaultWindow)), connection, request.Context.Log, cancellationToken);
        if (!listed.Succeeded)
        {
            return ProbeOutcome.Invalid(listed.Error!);
        }

        var jobs = listed.Output.Items("BackupJobs").Select(j => (State: j.Text("State") ?? "", Completed: AwsValues.Time(j, "CompletionDate"))).ToList();
        var latest = jobs.Where(j => j.State == "COMPLETED" && j.Completed is not null).Select(j => j.Completed!.Value).DefaultIfEmpty().Max();
        return ProbeOutcome.Observed(new Dictionary<string, string>
        {
            ["vault_exists"] = "true",
            ["recovery_points"] = described.Output.Text("NumberOfRecoveryPoints") ?? "0",
            ["jobs"] = AwsValues.Number(jobs.Count),
            ["completed"] = AwsValues.Number(jobs.Count(j => j.State == "COMPLETED")),
            ["failed"] = AwsValues.Number(jobs.Count(j => j.State is "FAILED" or "ABORTED" or "EXPIRED")),
            ["latest_completed_at"] = latest == default ? "" : AwsValues.Iso(latest),
            ["latest_age_s"] = latest == default ? "" : AwsValues.Seconds(now - latest),
        });
    }

    public IReadOnlyList<string> PreviewCommands(OperationRequest request)
    {
        var vault = AwsValues.Setting(request.Settings, VaultSetting) ?? "<vault>";
        var connection = AwsConnection.From(request.Settings);
        var since = time.GetUtcNow() - AwsValues.Duration(request.Inputs, "within", DefaultWindow);
        return [DescribeVault(vault).Preview(connection), ListJobs(vault, since).Preview(connection)];
    }

    private static AwsCommand DescribeVault(string vault) =>
        AwsCommand.Call("backup", "describe-backup-vault", AwsArgument.Option("--backup-vault-name", vault));

    private static AwsCommand ListJobs(string vault, DateTimeOffset since) => AwsCommand.Call(
        "backup", "list-backup-jobs", AwsArgument.Option("--by-backup-vault-name", vault), AwsArgument.Option("--by-created-after", AwsValues.Iso(since)));
}
