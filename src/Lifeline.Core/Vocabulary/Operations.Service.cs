using Lifeline.Core.Providers;
using static Lifeline.Core.Providers.FieldDescriptor;
using static Lifeline.Core.Providers.ParameterDescriptor;

namespace Lifeline.Core.Vocabulary;

public static partial class Operations
{
    /// <summary>Application services (process-service in the sandbox, aws-ecs in production).</summary>
    public static class Service
    {
        public static readonly ProbeDescriptor Status = new(
            "service.status",
            "Desired, running and healthy instance counts.",
            [],
            [Whole("desired", "Desired instance count."),
             Whole("running", "Instances running."),
             Whole("healthy", "Instances answering their health check."),
             Text("addresses", "Addresses of the healthy instances, comma-separated.")]);

        public static readonly OperationDescriptor Scale = new(
            "service.scale",
            "Set the desired count, starting or stopping instances, and wait until that many are healthy.",
            [Required("count", ParameterType.Integer, "Desired instance count."),
             Optional("wait", ParameterType.Duration, "How long to wait for healthy instances (default 60s)."),
             Optional("env", ParameterType.String, "Extra environment for new instances, as KEY=VALUE;KEY=VALUE.")],
            [Whole("desired", "Desired instance count."),
             Whole("healthy", "Instances answering their health check."),
             Text("addresses", "Addresses of the healthy instances, comma-separated.")],
            Idempotent: true);

        public static readonly Capability Capability = new("service", "Application services: instance counts and health.", [Scale], [Status]);
    }
}
