using Lifeline.Core.Providers;

namespace Lifeline.Core.Vocabulary;

/// <summary>
/// Every operation and probe Lifeline knows, by capability: the engine, providers and validator refer to them by
/// symbol (<c>Operations.Database.Promote</c>), never by their wire name. Each nested class is one capability.
/// </summary>
public static partial class Operations
{
    /// <summary>The provider that serves the generic health probes (tcp, tls, command).</summary>
    public const string HealthProbeProvider = "probe";

    /// <summary>The capabilities, in the order the catalogue lists them.</summary>
    public static IReadOnlyList<Capability> All { get; } =
    [
        Database.Capability, Service.Capability, Dns.Capability, Secret.Capability, Http.Capability, Notify.Capability,
        Message.Capability, Shell.Capability, Tcp.Capability, Tls.Capability, Command.Capability, Noop.Capability, Sleep.Capability,
        ObjectStore.Capability, Backup.Capability, Function.Capability, Credential.Capability, AuditLog.Capability, Log.Capability,
        Metrics.Capability, Certificate.Capability, Firewall.Capability, Volume.Capability, Api.Capability,
    ];

    private static readonly Dictionary<string, OperationDescriptor> OperationsByName =
        All.SelectMany(c => c.Operations).ToDictionary(o => o.Name, StringComparer.Ordinal);

    private static readonly Dictionary<string, ProbeDescriptor> ProbesByName =
        All.SelectMany(c => c.Probes).ToDictionary(p => p.Name, StringComparer.Ordinal);

    private static readonly Dictionary<string, Capability> CapabilityByName =
        All.SelectMany(c => c.Operations.Select(o => (o.Name, c)).Concat(c.Probes.Select(p => (p.Name, c))))
            .ToDictionary(p => p.Name, p => p.c, StringComparer.Ordinal);

    public static OperationDescriptor? FindOperation(string name) => OperationsByName.GetValueOrDefault(name);

    public static ProbeDescriptor? FindProbe(string name) => ProbesByName.GetValueOrDefault(name);

    /// <summary>The capability that declares an operation or probe.</summary>
    public static Capability? CapabilityOf(string operationOrProbe) => CapabilityByName.GetValueOrDefault(operationOrProbe);

    /// <summary>The provider that serves an operation or probe when the step names no target; null when it needs one.</summary>
    public static string? UntargetedProvider(string operationOrProbe) => CapabilityOf(operationOrProbe)?.UntargetedProvider;

    /// <summary>Every operation and probe name: what the literal-scan test looks for outside the vocabulary.</summary>
    public static IEnumerable<string> Names => OperationsByName.Keys.Concat(ProbesByName.Keys);
}
