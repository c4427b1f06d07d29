using Lifeline.Core.Providers;
using static Lifeline.Core.Providers.ParameterDescriptor;

namespace Lifeline.Providers.Capabilities;

/// <summary>
/// <c>notify.send</c> as the paging channels take it: <see cref="NotifyCapability.Send"/>'s inputs plus the optional ones
/// an incident tool needs to open, acknowledge and resolve the same incident.
/// </summary>
public static class NotifyChannelCapability
{
    public static readonly OperationDescriptor SendEvent = NotifyCapability.Send with
    {
        Inputs =
        [
            .. NotifyCapability.Send.Inputs,
            Optional("event-action", ParameterType.String, "trigger (default), acknowledge or resolve."),
            Optional("dedup-key", ParameterType.String, "Groups the events of one incident; defaults to the run id."),
            Optional("severity", ParameterType.String, "critical (default), error, warning or info."),
        ],
    };

    public static readonly IReadOnlyList<OperationDescriptor> EventOperations = [SendEvent];
}
