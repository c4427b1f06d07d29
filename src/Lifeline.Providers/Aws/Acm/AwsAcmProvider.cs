using Lifeline.Core.Providers;
using Lifeline.Core.Vocabulary;
using Lifeline.Providers.Aws.Cli;

namespace Lifeline.Providers.Aws.Acm;

/// <summary>AWS Certificate Manager through the AWS CLI: describe-certificate, with its days left counted from now.</summary>
internal sealed class AwsAcmProvider(AwsCli cli, TimeProvider time) : IProvider, ICommandPreview, IPreparesAhead
{
    public Task PrepareAsync(CancellationToken cancellationToken) => cli.PrepareAsync(cancellationToken);

    public const string Name = "aws-acm";
    private const string ArnSetting = "certificate-arn";

    public ProviderDescriptor Descriptor { get; } = new(
        Name,
        "AWS Certificate Manager through the AWS CLI: describe-certificate.",
        [],
        Operations.Certificate.Capability.Probes,
        [SettingDescriptor.Required(ArnSetting, "The certificate's ARN."), .. AwsConnection.Settings]);

    public ValueTask<OperationOutcome> ExecuteAsync(OperationRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AwsOutcomes.UnknownOperation(Name, request.Operation));

    public async ValueTask<ProbeOutcome> ProbeAsync(ProbeRequest request, CancellationToken cancellationToken)
    {
        if (request.Probe != Operations.Certificate.Status.Name)
        {
            return ProbeOutcome.Invalid($"{Name} does not offer probe '{request.Probe}'");
        }

        if (AwsValues.Setting(request.Settings, ArnSetting) is not { } arn)
        {
            return ProbeOutcome.Invalid($"{Name} needs setting '{ArnSetting}'");
        }

        var result = await cli.RunAsync(Describe(arn), AwsConnection.From(request.Settings), request.Context.Log, cancellationToken);
        if (!result.Succeeded)
        {
            return ProbeOutcome.Invalid(result.Error!);
        }

        var notAfter = AwsValues.Time(result.Output, "Certificate", "NotAfter");
        return ProbeOutcome.Observed(new Dictionary<string, string>
        {
            ["status"] = result.Output.Text("Certificate", "Status") ?? "",
            ["domain"] = result.Output.Text("Certificate", "DomainName") ?? "",
            ["not_after"] = notAfter is { } n ? AwsValues.Iso(n) : "",
            ["days_left"] = notAfter is { } at ? AwsValues.Number((long)Math.Floor((at - time.GetUtcNow()).TotalDays)) : "",
            ["in_use"] = result.Output.Element("Certificate")?.Items("InUseBy").Any() == true ? "true" : "false",
        });
    }

    public IReadOnlyList<string> PreviewCommands(OperationRequest request) =>
        [Describe(AwsValues.Setting(request.Settings, ArnSetting) ?? "<certificate-arn>").Preview(AwsConnection.From(request.Settings))];

    private static AwsCommand Describe(string arn) => AwsCommand.Call("acm", "describe-certificate", AwsArgument.Option("--certificate-arn", arn));
}
