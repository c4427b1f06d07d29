using System.Security.Cryptography;
using System.Text;
using Lifeline.Core.Providers;
using Lifeline.Providers.Aws.Cli;
using Lifeline.Core.Vocabulary;

namespace Lifeline.Providers.Aws.SecretsManager;

/// <summary>
/// AWS Secrets Manager through the AWS CLI. The new value goes to put-secret-value as a 0600 file (never argv); reading a
/// secret reports whether it resolves and a SHA-256 of its value, and drops the value itself.
/// </summary>
internal sealed class AwsSecretsManagerProvider(AwsCli cli) : IProvider, ICommandPreview, IPreparesAhead
{
    public Task PrepareAsync(CancellationToken cancellationToken) => cli.PrepareAsync(cancellationToken);

    public const string Name = "aws-secretsmanager";
    private const string SecretIdSetting = "secret-id";

    public ProviderDescriptor Descriptor { get; } = new(
        Name,
        "AWS Secrets Manager through the AWS CLI: put-secret-value (value passed as a file), rotate-secret, get-secret-value (hash only).",
        Operations.Secret.Capability.Operations,
        Operations.Secret.Capability.Probes,
        [Core.Providers.SettingDescriptor.Required(SecretIdSetting, "Secret name or ARN."), .. AwsConnection.Settings]);

    public async ValueTask<OperationOutcome> ExecuteAsync(OperationRequest request, CancellationToken cancellationToken)
    {
        if (request.Operation != Operations.Secret.Put.Name && request.Operation != Operations.Secret.Rotate.Name)
        {
            return AwsOutcomes.UnknownOperation(Name, request.Operation);
        }

        if (SecretId(request.Settings) is not { } secretId)
        {
            return OperationOutcome.Failure($"{Name} needs setting '{SecretIdSetting}'");
        }

        if (request.Operation == Operations.Secret.Rotate.Name)
        {
            var rotated = await cli.RunAsync(Rotate(secretId, request.Context), AwsConnection.From(request.Settings), request.Context.Log, cancellationToken);
            return rotated.Succeeded
                ? OperationOutcome.Success(new Dictionary<string, string> { ["version"] = rotated.Output.Text("VersionId") ?? "" })
                : AwsOutcomes.Failed(rotated);
        }

        if (!request.Inputs.TryGetValue("value", out var value))
        {
            return OperationOutcome.Failure($"{Name}: secret.put needs input 'value'");
        }

        var result = await cli.RunAsync(Put(secretId, value), AwsConnection.From(request.Settings), request.Context.Log, cancellationToken);
        return result.Succeeded
            ? OperationOutcome.Success(new Dictionary<string, string> { ["version"] = result.Output.Text("VersionId") ?? "" })
            : AwsOutcomes.Failed(result);
    }

    public async ValueTask<ProbeOutcome> ProbeAsync(ProbeRequest request, CancellationToken cancellationToken)
    {
        if (request.Probe != Operations.Secret.Get.Name)
        {
            return ProbeOutcome.Invalid($"{Name} does not offer probe '{request.Probe}'");
        }

        if (SecretId(request.Settings) is not { } secretId)
        {
            return ProbeOutcome.Invalid($"{Name} needs setting '{SecretIdSetting}'");
        }

        var result = await cli.RunAsync(Get(secretId), AwsConnection.From(request.Settings), request.Context.Log, cancellationToken);
        if (!result.Succeeded)
        {
            return result.ErrorCode == "ResourceNotFoundException"
                ? ProbeOutcome.Observed(new Dictionary<string, string> { ["exists"] = "false", ["sha256"] = "" })
                : ProbeOutcome.Invalid(result.Error!);
        }

        var secret = result.Output.Text("SecretString") ?? result.Output.Text("SecretBinary") ?? "";
        return ProbeOutcome.Observed(new Dictionary<string, string>
        {
            ["exists"] = "true",
            ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret))),
        });
    }

    public IReadOnlyList<string> PreviewCommands(OperationRequest request)
    {
        var secretId = SecretId(request.Settings) ?? "<secret-id>";
        if (request.Operation == Operations.Secret.Get.Name)
        {
            return [Get(secretId).Preview(AwsConnection.From(request.Settings))];
        }

        if (request.Operation == Operations.Secret.Rotate.Name)
        {
            return [Rotate(secretId, request.Context).Preview(AwsConnection.From(request.Settings))];
        }

        return [Put(secretId, request.Inputs.GetValueOrDefault("value", "")).Preview(AwsConnection.From(request.Settings))];
    }

    private static AwsCommand Put(string secretId, string value) => AwsCommand.Call(
        "secretsmanager", "put-secret-value", AwsArgument.Option("--secret-id", secretId), AwsArgument.Secret("--secret-string", value));

    /// <summary>
    /// rotate-secret with a request token made from the run and step: a retry or a resumed run asks Secrets Manager for the
    /// same rotation, which it does not start twice.
    /// </summary>
    private static AwsCommand Rotate(string secretId, StepContext context) => AwsCommand.Call(
        "secretsmanager", "rotate-secret",
        AwsArgument.Option("--secret-id", secretId),
        AwsArgument.Option("--client-request-token", "lifeline-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{context.RunId}/{context.StepId}")))[..40]));

    private static AwsCommand Get(string secretId) =>
        AwsCommand.Call("secretsmanager", "get-secret-value", AwsArgument.Option("--secret-id", secretId));

    private static string? SecretId(IReadOnlyDictionary<string, string> settings) =>
        settings.TryGetValue(SecretIdSetting, out var id) && !string.IsNullOrWhiteSpace(id) ? id : null;
}
