using Lifeline.Core.Providers;
using static Lifeline.Core.Providers.FieldDescriptor;
using static Lifeline.Core.Providers.ParameterDescriptor;

namespace Lifeline.Core.Vocabulary;

public static partial class Operations
{
    /// <summary>The cloud's own record of API calls (aws-cloudtrail in production), gathered as incident evidence.</summary>
    public static class AuditLog
    {
        public static readonly OperationDescriptor Lookup = new(
            "audit-log.lookup",
            "Look up the account's API calls by one attribute (a user, an access key, an event name) within a window; the summary is attached to the run's incident as evidence.",
            [Required("attribute", ParameterType.String, "Username, AccessKeyId, EventName, EventSource, ResourceName, ResourceType, ReadOnly or EventId."),
             Required("value", ParameterType.String, "The attribute's value."),
             Optional("within", ParameterType.Duration, "Events within this (default 24h)."),
             Optional("max", ParameterType.Integer, "At most this many events (default 50).")],
            [Whole("count", "Events found (at most max)."),
             Text("latest_at", "The newest event's time (ISO 8601); empty when none."),
             Text("event_names", "The distinct event names, comma-separated."),
             Text(EvidenceOutput, "One line per event (time, name, user, source address), newest first.")],
            Idempotent: true);

        public static readonly Capability Capability = new("audit-log", "The cloud's audit log of API calls, as evidence.", [Lookup], []);
    }
}
