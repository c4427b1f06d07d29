using Lifeline.Core.Providers;
using static Lifeline.Core.Providers.ParameterDescriptor;

namespace Lifeline.Providers.Capabilities;

/// <summary>Application services (process-service in the sandbox, aws-ecs in production).</summary>
public static class ServiceCapability
{
    public static readonly ProbeDescriptor Status = new(
        "service.status",
        "Desired, running and healthy instance counts.",
        [],
        ["desired", "running", "healthy", "addresses"]);

    public static readonly OperationDescriptor Scale = new(
        "service.scale",
        "Set the desired count, starting or stopping instances, and wait until that many are healthy.",
        [Required("count", ParameterType.Integer, "Desired instance count."),
         Optional("wait", ParameterType.Duration, "How long to wait for healthy instances (default 60s)."),
         Optional("env", ParameterType.String, "Extra environment for new instances, as KEY=VALUE;KEY=VALUE.")],
        ["desired", "healthy", "addresses"],
        Idempotent: true);

    public static readonly IReadOnlyList<OperationDescriptor> Operations = [Scale];

    public static readonly IReadOnlyList<ProbeDescriptor> Probes = [Status];
}
