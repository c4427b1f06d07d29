using Lifeline.Engine.Fencing;
using Lifeline.Engine.Runs;

namespace Lifeline.Engine.Tests.Fencing;

public sealed class SplitBrainVerdictTests
{
    private static readonly PromotionRecord DrPromoted = new("run-1", "e", "p", 7, "promote", "db-dr", DateTimeOffset.UnixEpoch);

    [Fact]
    public void Decide_PromotedAndOldPrimaryBothWritable_FencesOnlyTheOldPrimary()
    {
        var legitimate = LegitimatePrimary.Resolve(DrPromoted, null, "db-primary");

        var verdict = SplitBrainVerdict.Decide(["db-primary", "db-dr"], legitimate!.Resource);

        Assert.False(verdict.Unclear);
        Assert.Equal(["db-primary"], verdict.Fence);
    }

    [Fact]
    public void Resolve_PromotionUnderNewestEpoch_WinsOverTheLastFailoverAndThePrimarySite()
    {
        var legitimate = LegitimatePrimary.Resolve(DrPromoted, "db-primary", "db-primary");

        Assert.Equal("db-dr", legitimate!.Resource);
        Assert.Contains("epoch 7", legitimate.Why, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_NothingPromoted_ThePrimarySite()
    {
        Assert.Equal("db-primary", LegitimatePrimary.Resolve(null, null, "db-primary")!.Resource);
        Assert.Null(LegitimatePrimary.Resolve(null, null, null));
    }

    [Fact]
    public void Decide_LegitimateUnknownOrNotWritable_FencesNothingAndAsksAPerson()
    {
        Assert.True(SplitBrainVerdict.Decide(["a", "b"], null).Unclear);
        var absent = SplitBrainVerdict.Decide(["a", "b"], "c");
        Assert.True(absent.Unclear);
        Assert.Empty(absent.Fence);
    }

    [Fact]
    public void Decide_OneWritableMember_Nothing()
    {
        Assert.Same(SplitBrainVerdict.None, SplitBrainVerdict.Decide(["db-dr"], "db-primary"));
    }
}
