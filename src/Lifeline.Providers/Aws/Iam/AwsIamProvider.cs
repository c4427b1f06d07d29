using Lifeline.Core.Providers;
using Lifeline.Core.Vocabulary;
using Lifeline.Providers.Aws.Cli;

namespace Lifeline.Providers.Aws.Iam;

/// <summary>
/// AWS IAM through the AWS CLI: update-access-key --status Inactive, then list-access-keys to read the key back, so the
/// step succeeds only when the key is seen disabled. The resource is the IAM user.
/// </summary>
internal sealed class AwsIamProvider(AwsCli cli) : IProvider, ICommandPreview, IPreparesAhead
{
    public Task PrepareAsync(CancellationToken cancellationToken) => cli.PrepareAsync(cancellationToken);

    public const string Name = "aws-iam";
    private const string UserSetting = "user-name";
    private const string Inactive = "Inactive";

    public ProviderDescriptor Descriptor { get; } = new(
        Name,
        "AWS IAM through the AWS CLI: update-access-key --status Inactive, read back with list-access-keys.",
        Operations.Credential.Capability.Operations,
        [],
        [SettingDescriptor.Required(UserSetting, "The IAM user who owns the keys."), .. AwsConnection.Settings]);

    public async ValueTask<OperationOutcome> ExecuteAsync(OperationRequest request, CancellationToken cancellationToken)
    {
        if (request.Operation != Operations.Credential.Disable.Name)
        {
            return AwsOutcomes.UnknownOperation(Name, request.Operation);
        }

        if (AwsValues.Setting(request.Settings, UserSetting) is not { } user)
        {
            return OperationOutcome.Failure($"{Name} needs setting '{UserSetting}'");
        }

        if (AwsValues.Setting(request.Inputs, "access-key-id") is not { } key)
        {
            return OperationOutcome.Failure($"{Name}: {request.Operation} needs input 'access-key-id'");
        }

        var connection = AwsConnection.From(request.Settings);
        var updated = await cli.RunAsync(Disable(user, key), connection, request.Context.Log, cancellationToken);
        if (!updated.Succeeded)
        {
            return AwsOutcomes.Failed(updated);
        }

        var listed = await cli.RunAsync(List(user), connection, request.Context.Log, cancellationToken);
        if (!listed.Succeeded)
        {
            return AwsOutcomes.Failed(listed);
        }

        var status = listed.Output.Items("AccessKeyMetadata").Where(k => k.Text("AccessKeyId") == key).Select(k => k.Text("Status")).FirstOrDefault() ?? "";
        return status == Inactive
            ? OperationOutcome.Success(new Dictionary<string, string> { ["access_key_id"] = key, ["status"] = status, ["disabled"] = "true" })
            : OperationOutcome.Failure($"{Name}: access key {key} of {user} reads back as '{(status.Length == 0 ? "missing" : status)}' after update-access-key; expected {Inactive}");
    }

    public ValueTask<ProbeOutcome> ProbeAsync(ProbeRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(ProbeOutcome.Invalid($"{Name} offers no probes"));

    public IReadOnlyList<string> PreviewCommands(OperationRequest request)
    {
        var user = AwsValues.Setting(request.Settings, UserSetting) ?? "<user-name>";
        var connection = AwsConnection.From(request.Settings);
        return [Disable(user, request.Inputs.GetValueOrDefault("access-key-id", "<access-key-id>")).Preview(connection), List(user).Preview(connection)];
    }

    private static AwsCommand Disable(string user, string key) => AwsCommand.Call(
        "iam", "update-access-key", AwsArgument.Option("--access-key-id", key), AwsArgument.Option("--status", Inactive), AwsArgument.Option("--user-name", user));

    private static AwsCommand List(string user) => AwsCommand.Call("iam", "list-access-keys", AwsArgument.Option("--user-name", user));
}
