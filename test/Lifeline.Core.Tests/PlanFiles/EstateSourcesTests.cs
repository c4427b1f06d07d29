using Lifeline.Core.PlanFiles;

namespace Lifeline.Core.Tests.PlanFiles;

public sealed class EstateSourcesTests
{
    [Fact]
    public void Read_DirectoryEstateFileOrPlanFile_FindTheSameEstate()
    {
        var root = RepositoryPaths.Of("examples", "axis-imaging");

        var fromDirectory = EstateSources.Read(root).Sources!;
        var fromEstate = EstateSources.Read(Path.Combine(root, "estate.yaml")).Sources!;
        var fromPlan = EstateSources.Read(Path.Combine(root, "plans", "region-failover.yaml")).Sources!;

        // (every plan file of the example, whichever plans it has)
        var plans = Directory.GetFiles(Path.Combine(root, "plans"), "*.yaml").Order(StringComparer.Ordinal);
        Assert.Equal([Path.Combine(root, "estate.yaml"), .. plans], fromDirectory.Files.Keys);
        Assert.Equal(fromDirectory.Files.Keys, fromEstate.Files.Keys);
        Assert.Equal(fromDirectory.Files.Keys, fromPlan.Files.Keys);
        Assert.Equal(Path.Combine(root, "estate.yaml"), fromPlan.EstateFile);
    }

    [Fact]
    public void Read_MissingPath_ReportsNoEstate()
    {
        var (sources, diagnostics) = EstateSources.Read("no/such/estate");

        Assert.Null(sources);
        Assert.Equal("no/such/estate: error: no estate at no/such/estate; expected a directory with estate.yaml", Assert.Single(diagnostics).ToString());
    }
}
