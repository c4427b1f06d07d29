using Lifeline.Core.Providers;
using Lifeline.Core.Vocabulary;
using Lifeline.Providers.Inputs;

namespace Lifeline.Providers.ProcessService;

/// <summary>
/// The ECS stand-in: services whose definitions the sandbox writes to <c>&lt;dir&gt;/services/&lt;name&gt;/service.json</c>,
/// scaled by starting and stopping detached instances. As a function host, one environment variable of the definition
/// is changed and the running instances restarted with it (<see cref="ConfigureAsync"/>).
/// </summary>
internal sealed partial class ProcessServiceProvider(TimeProvider time) : IProvider
{
    private static readonly HttpClient Http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromSeconds(1), ConnectTimeout = TimeSpan.FromSeconds(2) });

    private readonly ProcessServiceController _controller = new(time, Http);

    public ProviderDescriptor Descriptor { get; } = new(
        "process-service",
        "Local process services (the sandbox's ECS stand-in): detached instances on per-site loopback addresses.",
        [Operations.Service.Scale, Operations.Service.Redeploy, Operations.Function.Configure, Operations.Function.Rollback],
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

        if (request.Operation == Operations.Service.Redeploy.Name)
        {
            return await RedeployAsync(request, cancellationToken);
        }

        if (request.Operation != Operations.Service.Scale.Name)
        {
            return OperationOutcome.Failure($"process-service does not offer operation '{request.Operation}'");
        }

        var settings = new InputReader("process-service", "setting", request.Settings);
        var service = settings.Required("service");
        var directory = settings.Required("dir");
        var inputs = new InputReader("process-service", "input", request.Inputs);
        var count = inputs.RequiredInteger("count", 0, 64);
        var wait = inputs.Duration("wait", TimeSpan.FromSeconds(60));
        var environment = inputs.Pairs("env");
        if ((settings.Error ?? inputs.Error) is { } error)
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
}
