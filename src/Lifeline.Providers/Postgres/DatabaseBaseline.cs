namespace Lifeline.Providers.Postgres;

/// <summary>Row counts per table and the latest audit_logs.created_at, captured before a disaster to verify against after it.</summary>
internal sealed record DatabaseBaseline(DateTimeOffset CapturedAt, string Endpoint, IReadOnlyDictionary<string, long> Counts, DateTimeOffset? LatestAudit);
