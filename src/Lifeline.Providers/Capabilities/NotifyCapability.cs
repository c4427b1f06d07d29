using Lifeline.Core.Providers;
using static Lifeline.Core.Providers.ParameterDescriptor;

namespace Lifeline.Providers.Capabilities;

/// <summary>Notification channels; the notify step kind sends through them.</summary>
public static class NotifyCapability
{
    public static readonly OperationDescriptor Send = new(
        "notify.send",
        "Send a message to contacts.",
        [Required("to", ParameterType.String, "Comma-separated contact ids."),
         Required("subject", ParameterType.String, "Subject line."),
         Required("message", ParameterType.String, "Body.")],
        ["delivered"],
        Idempotent: false);

    public static readonly IReadOnlyList<OperationDescriptor> Operations = [Send];
}
