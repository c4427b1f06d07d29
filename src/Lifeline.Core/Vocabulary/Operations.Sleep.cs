using Lifeline.Core.Providers;
using static Lifeline.Core.Providers.FieldDescriptor;
using static Lifeline.Core.Providers.ParameterDescriptor;

namespace Lifeline.Core.Vocabulary;

public static partial class Operations
{
    /// <summary>Takes a given time: tests of timeouts, retries and parallelism.</summary>
    public static class Sleep
    {
        public const string Provider = "sleep";

        public static readonly OperationDescriptor Run = new(
            "sleep.run",
            "Sleep, then succeed (or fail when fail=true).",
            [Required("duration", ParameterType.Duration, "How long."),
             Optional("fail", ParameterType.Boolean, "Fail after sleeping."),
             Optional("transient", ParameterType.Boolean, "Mark the failure transient.")],
            [Text("slept", "How long it slept.")],
            Idempotent: true);

        public static readonly Capability Capability = new("sleep", "Waiting a given time (tests, benchmarks).", [Run], [], UntargetedProvider: Provider);
    }
}
