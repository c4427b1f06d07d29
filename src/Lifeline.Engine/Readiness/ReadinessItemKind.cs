using System.Text.Json.Serialization;

namespace Lifeline.Engine.Readiness;

/// <summary>
/// The items of the Axis runbook's verification checklist, plus the estate's own consistency. Every resource is judged
/// by exactly one item, so one fault turns exactly one item red.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<ReadinessItemKind>))]
public enum ReadinessItemKind
{
    [JsonStringEnumMemberName("resources-bound")]
    ResourcesBound,

    [JsonStringEnumMemberName("dr-infrastructure")]
    DrInfrastructure,

    [JsonStringEnumMemberName("replication")]
    Replication,

    [JsonStringEnumMemberName("backups")]
    Backups,

    [JsonStringEnumMemberName("dns-failover")]
    DnsFailover,

    [JsonStringEnumMemberName("certificates")]
    Certificates,

    [JsonStringEnumMemberName("credentials")]
    Credentials,

    [JsonStringEnumMemberName("contacts")]
    Contacts,
}
