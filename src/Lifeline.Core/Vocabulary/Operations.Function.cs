using Lifeline.Core.Providers;
using static Lifeline.Core.Providers.FieldDescriptor;
using static Lifeline.Core.Providers.ParameterDescriptor;

namespace Lifeline.Core.Vocabulary;

public static partial class Operations
{
    /// <summary>
    /// Serverless functions (aws-lambda in production). Configure changes one environment variable and keeps the others;
    /// its outputs keep what was there before, so a rollback step can put it back.
    /// </summary>
    public static class Function
    {
        public static readonly ProbeDescriptor Status = new(
            "function.status",
            "The function's state, its last update's status, and its environment variables' names (never their values).",
            [Optional("variable", ParameterType.String, "Also report this variable's value (for settings such as a region; never name a secret).")],
            [Flag("exists", "Whether the function exists."),
             Text("state", "Active, Pending, Inactive or Failed; empty when it does not exist."),
             Text("last_update_status", "Successful, InProgress or Failed."),
             Text("variables", "The environment variables' names, comma-separated."),
             Text("value", "The named variable's value; empty when unset or not asked for.")]);

        // Not idempotent: a second run would read the value the first one wrote as "previous", and the rollback would keep it.
        public static readonly OperationDescriptor Configure = new(
            "function.configure",
            "Set one environment variable, keep the others, and wait until the update is in effect.",
            [Required("variable", ParameterType.String, "The variable, e.g. BEDROCK_REGION."),
             Required("value", ParameterType.String, "Its new value (a setting, never a secret).")],
            [Text("variable", "The variable that was set."),
             Text("previous_value", "Its value before; empty when it was unset."),
             Flag("previous_present", "Whether it was set before: what function.rollback needs."),
             Flag("changed", "Whether the function was updated (false when it already had the value)."),
             Text("revision", "The function's revision after the update.")],
            Idempotent: false);

        public static readonly OperationDescriptor Rollback = new(
            "function.rollback",
            "Put one environment variable back as a function.configure step found it (its outputs), keeping the others.",
            [Required("variable", ParameterType.String, "The variable (the configure step's variable output)."),
             Optional("previous-value", ParameterType.String, "Its value before (the configure step's previous_value)."),
             Required("previous-present", ParameterType.Boolean, "Whether it was set before (the configure step's previous_present); false removes it.")],
            [Text("value", "The variable's value now; empty when removed."),
             Flag("changed", "Whether the function was updated."),
             Text("revision", "The function's revision after the rollback.")],
            Idempotent: true);

        public static readonly Capability Capability = new("function", "Serverless functions: one environment variable at a time, with rollback.", [Configure, Rollback], [Status]);
    }
}
