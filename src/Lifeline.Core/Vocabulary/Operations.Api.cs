using Lifeline.Core.Providers;
using static Lifeline.Core.Providers.FieldDescriptor;
using static Lifeline.Core.Providers.ParameterDescriptor;

namespace Lifeline.Core.Vocabulary;

public static partial class Operations
{
    /// <summary>API gateways (aws-apigateway in production): route an API to another backend, e.g. the next region's function.</summary>
    public static class Api
    {
        public static readonly OperationDescriptor Integrate = new(
            "api.integrate",
            "Point an API route's integration at another backend (a function's ARN in another region, or a URL) and read it back. Integrating again with the previous_uri output rolls it back.",
            [Required("uri", ParameterType.String, "The integration's new target, e.g. arn:aws:lambda:us-east-1:ACCOUNT:function:NAME.")],
            [Text("uri", "The target the integration has now, read back."),
             Text("previous_uri", "The target it had before: what a rollback integrates again."),
             Flag("changed", "Whether the integration was updated (false when it already had the target).")],
            Idempotent: true);

        public static readonly Capability Capability = new("api", "API gateways: route an API to another backend.", [Integrate], []);
    }
}
