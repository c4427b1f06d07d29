using Lifeline.Core.PlanFiles;

namespace Lifeline.Core.Tests.PlanFiles;

public sealed class ExampleEstateTests
{
    [Theory]
    [InlineData("production")]
    [InlineData("sandbox")]
    [InlineData(null)]
    public void Load_AxisImagingExample_HasNoErrors(string? profile)
    {
        // Given the checked-in example
        var (sources, readErrors) = EstateSources.Read(RepositoryPaths.Of("examples", "axis-imaging"));
        Assert.Empty(readErrors);

        // When it is loaded for the profile
        var (estate, diagnostics) = EstateLoader.Load(sources!, new LoadOptions(profile, new Dictionary<string, string>(), TestCatalog.Instance));

        // Then nothing is wrong with it; asked for production alone, it warns only that the AWS providers describe
        var unexpected = diagnostics.Where(d => d.IsError || !(profile == "production" && d.Message.Contains("only describes", StringComparison.Ordinal))).ToList();
        Assert.True(unexpected.Count == 0, string.Join('\n', unexpected));
        Assert.Equal(profile == "production", diagnostics.Count > 0);
        Assert.NotNull(estate);
        var plan = estate.FindPlan("region-failover");
        Assert.NotNull(plan);
        Assert.Equal(5, plan.Phases.Count);
        Assert.Equal(TimeSpan.FromMinutes(30), plan.Trigger!.For);
        Assert.Equal("@baseline.json", ((Core.Plans.ActionBody)plan.FindStep("verify-data")!.Body).With["baseline"]);
    }
}
