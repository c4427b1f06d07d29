using Lifeline.Core.Providers;
using static Lifeline.Core.Providers.FieldDescriptor;
using static Lifeline.Core.Providers.ParameterDescriptor;

namespace Lifeline.Core.Vocabulary;

public static partial class Operations
{
    /// <summary>Does nothing, successfully: tests, benchmarks and plan skeletons.</summary>
    public static class Noop
    {
        public const string Provider = "noop";

        public static readonly OperationDescriptor Run = new("noop.run", "Do nothing and succeed; echoes its inputs as outputs.", [], [], Idempotent: true);

        public static readonly ProbeDescriptor Observe = new(
            "noop.observe",
            "Observe its inputs as fields.",
            [Optional("value", ParameterType.String, "Observed back as the field 'value'.")],
            [Text("value", "The input 'value'.")]);

        public static readonly Capability Capability = new("noop", "Nothing, successfully (tests, benchmarks, plan skeletons).", [Run], [Observe], UntargetedProvider: Provider);
    }
}
