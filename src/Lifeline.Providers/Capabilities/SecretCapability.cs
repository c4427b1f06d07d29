using Lifeline.Core.Providers;
using static Lifeline.Core.Providers.ParameterDescriptor;

namespace Lifeline.Providers.Capabilities;

/// <summary>Secret stores (file-secrets in the sandbox, aws-secretsmanager in production).</summary>
public static class SecretCapability
{
    public static readonly ProbeDescriptor Get = new(
        "secret.get",
        "Whether the secret resolves, and a hash of its value (never the value).",
        [],
        ["exists", "sha256"]);

    public static readonly OperationDescriptor Put = new(
        "secret.put",
        "Write a new secret value.",
        [Required("value", ParameterType.String, "The new value.")],
        ["version"],
        Idempotent: true);

    public static readonly IReadOnlyList<OperationDescriptor> Operations = [Put];

    public static readonly IReadOnlyList<ProbeDescriptor> Probes = [Get];
}
