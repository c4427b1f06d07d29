using Lifeline.Core.Providers;
using static Lifeline.Core.Providers.FieldDescriptor;
using static Lifeline.Core.Providers.ParameterDescriptor;

namespace Lifeline.Core.Vocabulary;

public static partial class Operations
{
    /// <summary>Secret stores (file-secrets in the sandbox, aws-secretsmanager in production).</summary>
    public static class Secret
    {
        public static readonly ProbeDescriptor Get = new(
            "secret.get",
            "Whether the secret resolves, and a hash of its value (never the value).",
            [],
            [Flag("exists", "Whether the secret exists."),
             Text("sha256", "SHA-256 of the value, hex; empty when it does not exist.")]);

        public static readonly OperationDescriptor Put = new(
            "secret.put",
            "Write a new secret value.",
            [Required("value", ParameterType.String, "The new value.")],
            [Whole("version", "The version now current.")],
            Idempotent: true);

        public static readonly OperationDescriptor Rotate = new(
            "secret.rotate",
            "Rotate the secret with its store's rotation function; a retry of the same step asks for the same rotation, not a second one.",
            [],
            [Whole("version", "The new version.")],
            Idempotent: true);

        public static readonly Capability Capability = new("secret", "Secret values, written atomically and observed by hash.", [Put, Rotate], [Get]);
    }
}
