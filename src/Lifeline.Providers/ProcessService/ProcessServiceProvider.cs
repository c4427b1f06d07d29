using System.Globalization;
using Lifeline.Core.Providers;
using Lifeline.Core.Vocabulary;
using Lifeline.Providers.Inputs;

namespace Lifeline.Providers.ProcessService;

/// <summary>
/// The ECS stand-in: services whose definitions the sandbox writes to <c>&lt;dir&gt;/services/&lt;name&gt;/service.json</c>,
/// scaled by starting and stopping detached instances, with numbered revisions deployed and rolled back as task
/// definition revisions are. As a function host, one environment variable of the definition is changed and the running
/// instances restarted with it (<see cref="ConfigureAsync"/>).
/// </summary>
internal sealed partial class ProcessServiceProvider(TimeProvider time) : IProvider
{
    private static readonly HttpClient Http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromSeconds(1), ConnectTimeout = TimeSpan.FromSeconds(2) });

    private readonly ProcessServiceController _controller = new(time, Http);

    public ProviderDescriptor Descriptor { get; } = new(
        "process-service",
        "Local process services (the sandbox's ECS and Lambda stand-in): detached instances on per-site loopback addresses, with numbered revisions (SERVICE_REVISION in each instance's environment) and function configuration.",
        [Operations.Service.Scale, Operations.Service.Redeploy, Operations.Service.Rollback, Operations.Function.Configure, Operations.Function.Rollback],
        [Operations.Service.Status, Operations.Function.Status],
        [
            SettingDescriptor.Required("service", "Service name (its definition is <dir>/services/<service>/service.json)."),
            SettingDescriptor.Required("dir", "The sandbox directory."),
        ]);

    public async ValueTask<OperationOutcome> ExecuteAsync(OperationRequest request, CancellationToken cancellationToken)
    {
        if (request.Operation == Operations.Function.Configure.Name || request.Operation == Operations.Function.Rollback.Name)
        {
            return await ConfigureAsync(request, cancellationToken);
        }

        var settings = new InputReader("process-service", "setting", request.Settings);
        var service = settings.Required("service");
        var directory = settings.Required("dir");
        if (settings.Error is { } settingError)
        {
            return OperationOutcome.Failure(settingError);
        }

        if (request.Operation == Operations.Service.Scale.Name)
        {
            return await ScaleAsync(request, directory, service, cancellationToken);
        }

        if (request.Operation == Operations.Service.Redeploy.Name)
        {
            return await RedeployAsync(request, directory, service, cancellationToken);
        }

        return request.Operation == Operations.Service.Rollback.Name
            ? await RollbackAsync(request, directory, service, cancellationToken)
            : OperationOutcome.Failure($"process-service does not offer operation '{request.Operation}'");
    }

    public async ValueTask<ProbeOutcome> ProbeAsync(ProbeRequest request, CancellationToken cancellationToken)
    {
        if (request.Probe == Operations.Function.Status.Name)
        {
            return await FunctionStatusAsync(request, cancellationToken);
        }

        if (request.Probe != Operations.Service.Status.Name)
        {
            return ProbeOutcome.Invalid($"process-service does not offer probe '{request.Probe}'");
        }

        var settings = new InputReader("process-service", "setting", request.Settings);
        var service = settings.Required("service");
        var directory = settings.Required("dir");
        if (settings.Error is { } error)
        {
            return ProbeOutcome.Invalid(error);
        }

        var outcome = await _controller.StatusAsync(directory, service, cancellationToken);
        return outcome.Report is { } report ? ProbeOutcome.Observed(report.ToFields()) : ProbeOutcome.Invalid(outcome.Error!);
    }

    private async Task<OperationOutcome> ScaleAsync(OperationRequest request, string directory, string service, CancellationToken cancellationToken)
    {
        var inputs = new InputReader("process-service", "input", request.Inputs);
        var count = inputs.RequiredInteger("count", 0, 64);
        var wait = inputs.Duration("wait", TimeSpan.FromSeconds(60));
        var environment = inputs.Pairs("env");
        if (inputs.Error is { } error)
        {
            return OperationOutcome.Failure(error);
        }

        var outcome = await _controller.ScaleAsync(directory, service, count, environment, wait, cancellationToken);
        if (outcome.Report is not { } report)
        {
            return OperationOutcome.Failure(outcome.Error!, outcome.IsTransient);
        }

        request.Context.Log.Write($"service {service}: {report.HealthyAddresses.Count} of {count} instances healthy ({string.Join(',', report.HealthyAddresses)})");
        var fields = report.ToFields();
        return OperationOutcome.Success(new Dictionary<string, string>
        {
            ["desired"] = fields["desired"],
            ["healthy"] = fields["healthy"],
            ["addresses"] = fields["addresses"],
        });
    }

    private static string Name(string service, int revision) => $"{service}:{revision.ToString(CultureInfo.InvariantCulture)}";

    private static OperationOutcome Deployed(OperationRequest request, string service, ServiceDeployment deployment, bool withFrom)
    {
        if (deployment.Outcome.Report is not { } report)
        {
            return OperationOutcome.Failure(deployment.Outcome.Error!, deployment.Outcome.IsTransient);
        }

        request.Context.Log.Write($"service {service}: revision {deployment.From.ToString(CultureInfo.InvariantCulture)} -> {deployment.To.ToString(CultureInfo.InvariantCulture)}, {report.HealthyAddresses.Count} of {report.Desired.ToString(CultureInfo.InvariantCulture)} instances healthy");
        var outputs = new Dictionary<string, string>
        {
            ["task_definition"] = Name(service, deployment.To),
            ["desired"] = report.Desired.ToString(CultureInfo.InvariantCulture),
            ["running"] = report.Running.Count.ToString(CultureInfo.InvariantCulture),
        };
        if (withFrom)
        {
            outputs["from"] = Name(service, deployment.From);
        }

        return OperationOutcome.Success(outputs);
    }
}
