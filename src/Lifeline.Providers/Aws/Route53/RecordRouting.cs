namespace Lifeline.Providers.Aws.Route53;

/// <summary>How Route 53 answers a record set beyond its values: as an alias, and by failover or weight.</summary>
internal sealed record RecordRouting(string? AliasZone, bool EvaluateHealth, string? SetId, string? Failover, int? Weight, string? HealthCheck, string? Error);
