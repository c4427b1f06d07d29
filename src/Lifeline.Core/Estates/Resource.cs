using Lifeline.Core.Diagnostics;

namespace Lifeline.Core.Estates;

/// <summary>A logical resource (database cluster member, service, DNS record, secret …) and how each profile binds it.</summary>
public sealed record Resource(
    string Id,
    string Kind,
    string Site,
    string? Tier,
    string? DataClass,
    string Description,
    IReadOnlyDictionary<string, Binding> Bindings,
    SourceLocation Location)
{
    /// <summary>How the monitor probes this resource; null when it is not monitored.</summary>
    public ResourceMonitor? Monitor { get; init; }

    public Binding? BindingFor(string profile) => Bindings.GetValueOrDefault(profile);
}
