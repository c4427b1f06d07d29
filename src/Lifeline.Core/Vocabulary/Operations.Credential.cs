using Lifeline.Core.Providers;
using static Lifeline.Core.Providers.FieldDescriptor;
using static Lifeline.Core.Providers.ParameterDescriptor;

namespace Lifeline.Core.Vocabulary;

public static partial class Operations
{
    /// <summary>Access credentials of an identity (aws-iam in production): contain a compromise by disabling a key.</summary>
    public static class Credential
    {
        public static readonly OperationDescriptor Disable = new(
            "credential.disable",
            "Disable an access key (it can be enabled again; nothing is deleted) and check that it reads back inactive.",
            [Required("access-key-id", ParameterType.String, "The access key's id (an identifier, not the secret).")],
            [Text("access_key_id", "The key."),
             Text("status", "Its status read back after the change."),
             Flag("disabled", "Whether it reads back inactive.")],
            Idempotent: true);

        public static readonly Capability Capability = new("credential", "Access credentials: disable a compromised key.", [Disable], []);
    }
}
