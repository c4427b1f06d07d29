using Lifeline.Core.Providers;
using static Lifeline.Core.Providers.FieldDescriptor;
using static Lifeline.Core.Providers.ParameterDescriptor;

namespace Lifeline.Core.Vocabulary;

public static partial class Operations
{
    /// <summary>Notification channels; the notify step kind and escalation send through them.</summary>
    public static class Notify
    {
        public static readonly OperationDescriptor Send = new(
            "notify.send",
            "Send a message to contacts.",
            [Required("to", ParameterType.String, "Comma-separated contact ids."),
             Required("subject", ParameterType.String, "Subject line."),
             Required("message", ParameterType.String, "Body.")],
            [Flag("delivered", "Whether the channel accepted the message.")],
            Idempotent: false);

        /// <summary>
        /// <see cref="Send"/> as the paging channels take it: the same inputs plus the optional ones an incident tool
        /// needs to open, acknowledge and resolve the same incident.
        /// </summary>
        public static readonly OperationDescriptor SendEvent = Send with
        {
            Inputs =
            [
                .. Send.Inputs,
                Optional("event-action", ParameterType.String, "trigger (default), acknowledge or resolve."),
                Optional("dedup-key", ParameterType.String, "Groups the events of one incident; defaults to the run id."),
                Optional("severity", ParameterType.String, "critical (default), error, warning or info."),
            ],
        };

        public static readonly Capability Capability = new("notify", "Messages to people through a channel (log file, webhook, Slack, email, pager).", [Send], []);
    }
}
