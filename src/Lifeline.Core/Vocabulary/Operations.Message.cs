using Lifeline.Core.Providers;
using static Lifeline.Core.Providers.FieldDescriptor;
using static Lifeline.Core.Providers.ParameterDescriptor;

namespace Lifeline.Core.Vocabulary;

public static partial class Operations
{
    /// <summary>Message templates, rendered from a run's live state for notify steps and status updates.</summary>
    public static class Message
    {
        public const string Provider = "templates";

        public static readonly OperationDescriptor Render = new(
            "message.render",
            "Render a message template from a run's live state.",
            [Required("template", ParameterType.String, "Template name."),
             Required("phases", ParameterType.String, "JSON array of {name, state: done|running|pending, budget_s}."),
             Optional("title", ParameterType.String, "Incident title."),
             Optional("severity", ParameterType.String, "P1..P4."),
             Optional("status", ParameterType.String, "Incident status."),
             Optional("run-id", ParameterType.String, "The run."),
             Optional("scenario", ParameterType.String, "The scenario."),
             Optional("started-at", ParameterType.String, "ISO 8601 start of the RTO clock."),
             Optional("update-interval", ParameterType.Duration, "Time between status updates (default 30m)."),
             Optional("contact", ParameterType.String, "Who to contact."),
             Optional("services", ParameterType.String, "Comma-separated service URLs."),
             Optional("reason", ParameterType.String, "Why the message goes out."),
             Optional("workaround", ParameterType.String, "What users can do meanwhile (one line).")],
            [Text("subject", "The rendered subject."),
             Text("body", "The rendered body.")],
            Idempotent: true);

        public static readonly Capability Capability = new("message", "Message templates rendered from live run state.", [Render], [], UntargetedProvider: Provider);
    }
}
