namespace Lifeline.AwsStandIn;

/// <summary>A record set as the stand-in's Route 53 holds it: plain values, or an alias, with its routing policy.</summary>
public sealed record Route53RecordSet(
    IReadOnlyList<string> Values,
    string? AliasTarget,
    string? AliasZone,
    bool EvaluateTargetHealth,
    string? Failover,
    int? Weight,
    string? HealthCheckId,
    int? Ttl);
