using Lifeline.Core.PlanFiles;
using Lifeline.Core.Plans;
using Lifeline.Core.Providers;
using Lifeline.Engine.Steps;
using Lifeline.Providers;
using Microsoft.Extensions.DependencyInjection;

using Lifeline.Engine.Tests.Support;

namespace Lifeline.Engine.Tests.Steps;

/// <summary>
/// The Axis runbook's authentication test (phase 5.1) logs in with the test account. A 401 means authentication is
/// broken, so the check must fail on it; it used to expect only "below 500".
/// </summary>
public sealed class AxisLoginCheckTests
{
    [Theory]
    [InlineData("200", true)]
    [InlineData("401", false)]
    [InlineData("403", false)]
    [InlineData("503", false)]
    public void Login_Status_HoldsOnlyForASuccessfulLogin(string status, bool holds)
    {
        // Given the region-failover plan's login check
        var login = LoginCheck();

        // When the portal answers with the status
        var (held, detail) = ExpectationEvaluator.Evaluate(login.Expect, new Dictionary<string, string> { ["reachable"] = "true", ["status"] = status });

        // Then only a successful login passes
        Assert.True(held == holds, detail);
    }

    private static CheckBody LoginCheck()
    {
        var providers = new ServiceCollection().AddLifelineProviders().BuildServiceProvider().GetRequiredService<ProviderRegistry>();
        var (sources, readErrors) = EstateSources.Read(Path.Combine(RepositoryPaths.Root, "examples", "axis-imaging"));
        Assert.True(sources is not null, string.Join("\n", readErrors));
        var (loaded, diagnostics) = EstateLoader.Load(sources!, new LoadOptions("production", new Dictionary<string, string>(), providers));
        Assert.True(loaded is not null, string.Join("\n", diagnostics));
        return Assert.IsType<CheckBody>(loaded!.FindPlan("region-failover")!.FindStep("login")!.Body);
    }
}
