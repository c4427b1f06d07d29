using Lifeline.Engine.Runs;

namespace Lifeline.Engine.Fencing;

/// <summary>
/// Which database is the legitimate primary: the one promoted under the newest epoch, even if the rest of that run
/// failed (a half-finished failover is never reverted by itself); before any promotion, the one at the primary site.
/// </summary>
internal sealed record LegitimatePrimary(string Resource, PromotionRecord? Promotion, string Why)
{
    public static LegitimatePrimary? Resolve(PromotionRecord? promotion, string? lastFailoverPrimary, string? atPrimarySite) =>
        promotion is not null ? new(promotion.Resource, promotion, $"promoted by run {promotion.RunId} under epoch {promotion.Epoch}")
        : lastFailoverPrimary is not null ? new(lastFailoverPrimary, null, "made primary by the last failover")
        : atPrimarySite is not null ? new(atPrimarySite, null, "at the primary site, and nothing has been promoted since")
        : null;
}
