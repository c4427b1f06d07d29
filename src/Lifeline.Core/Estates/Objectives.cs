namespace Lifeline.Core.Estates;

/// <summary>Recovery objectives: RTO per tier (critical, full-service …) and RPO per data class (database, files …).</summary>
public sealed record Objectives(IReadOnlyDictionary<string, TimeSpan> Rto, IReadOnlyDictionary<string, TimeSpan> Rpo)
{
    public static readonly Objectives None = new(new Dictionary<string, TimeSpan>(), new Dictionary<string, TimeSpan>());
}
