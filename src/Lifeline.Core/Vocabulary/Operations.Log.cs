using Lifeline.Core.Providers;
using static Lifeline.Core.Providers.FieldDescriptor;
using static Lifeline.Core.Providers.ParameterDescriptor;

namespace Lifeline.Core.Vocabulary;

public static partial class Operations
{
    /// <summary>Application log groups (aws-logs in production), searched for evidence.</summary>
    public static class Log
    {
        public static readonly OperationDescriptor Search = new(
            "log.search",
            "Search the resource's log group within a window; the matching lines are attached to the run's incident as evidence.",
            [Optional("pattern", ParameterType.String, "A CloudWatch Logs filter pattern, e.g. ERROR (default: every event)."),
             Optional("within", ParameterType.Duration, "Events within this (default 15m)."),
             Optional("max", ParameterType.Integer, "At most this many events (default 50).")],
            [Whole("count", "Events found (at most max)."),
             Text("latest_at", "The newest event's time (ISO 8601); empty when none."),
             Text(EvidenceOutput, "The events, one per line, oldest first, each cut to 300 characters.")],
            Idempotent: true);

        public static readonly Capability Capability = new("log", "Application logs, searched for evidence.", [Search], []);
    }
}
