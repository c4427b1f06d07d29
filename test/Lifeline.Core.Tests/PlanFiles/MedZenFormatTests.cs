using Lifeline.Core.PlanFiles;
using Lifeline.Core.Plans;
using static Lifeline.Core.Tests.PlanFiles.LoaderFixture;

namespace Lifeline.Core.Tests.PlanFiles;

/// <summary>What MedZen added to the formats: the severity table as data, soak checks, possible-breach plans (ADR 0028).</summary>
public sealed class MedZenFormatTests
{
    [Fact]
    public void Load_SeveritiesGivenForSomeLevels_KeepsTheDefaultsForTheRest()
    {
        // Given an estate that sets P2 and P3 only
        var estate = Estate.Replace("resources:", """
            severities:
              P2: { description: Partial outage, response: 30m }
              P3: { response: 2h }
            resources:
            """, StringComparison.Ordinal);

        // When it is loaded
        var loaded = LoadEstate(estate);

        // Then P2 and P3 are the estate's, P1 and P4 the defaults, in order
        Assert.Equal(
            ["P1 Complete outage 00:00:00", "P2 Partial outage 00:30:00", "P3 Degraded service 02:00:00", "P4 Minor issue 04:00:00"],
            loaded.Estate.Severities.Select(s => $"{s.Name} {s.Description} {s.Response:c}"));
    }

    [Fact]
    public void Load_SeverityThatIsNotALevel_IsALocatedError()
    {
        var estate = Estate.Replace("resources:", """
            severities:
              P5: { response: 1d }
            resources:
            """, StringComparison.Ordinal);

        var single = Assert.Single(Load(estate, null));

        Assert.Matches(@"^e/estate\.yaml:\d+:3: error: severity 'P5' is not a level.*; expected one of P1, P2, P3, P4$", single);
    }

    [Fact]
    public void Load_SeverityWithoutResponse_IsALocatedError()
    {
        var estate = Estate.Replace("resources:", """
            severities:
              P1: { description: Everything is down }
            resources:
            """, StringComparison.Ordinal);

        var single = Assert.Single(Load(estate, null));

        Assert.Matches(@"^e/estate\.yaml:\d+:\d+: error: .*'response'", single);
    }

    [Fact]
    public void Load_HoldShorterTimeout_IsALocatedError()
    {
        var diagnostics = Steps("""
                  - { id: soak, check: http.get, target: web, expect: { status: 200 }, hold: 5m, timeout: 1m }
            """);

        var single = Assert.Single(diagnostics);
        Assert.Equal("e/plans/p.yaml:7:95: error: 'timeout' (1m) is shorter than 'hold' (5m), so the check could never pass; expected a timeout of at least the hold, or none", single);
    }

    [Fact]
    public void Load_HoldOnAWait_IsALocatedError()
    {
        var diagnostics = Steps("""
                  - { id: pause, wait: 1m, hold: 1h }
            """);

        Assert.Contains(diagnostics, d => d.Contains("'hold' only applies to check steps", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_PossibleBreachAndHold_AreRead()
    {
        var plan = Plan("""
                  - { id: soak, check: http.get, target: web, expect: { status: 200 }, hold: 24h, interval: 1m }
            """).Replace("severity: P1", "severity: P1\npossible-breach: true", StringComparison.Ordinal);

        var loaded = LoadEstate(Estate, plan);

        var loadedPlan = Assert.Single(loaded.Plans);
        Assert.True(loadedPlan.PossibleBreach);
        Assert.Equal(TimeSpan.FromHours(24), ((CheckBody)loadedPlan.FindStep("soak")!.Body).Hold);
    }

    private static LoadedEstate LoadEstate(string estate, string? plan = null)
    {
        var files = new Dictionary<string, string> { [EstateFile] = estate };
        if (plan is not null)
        {
            files[PlanFile] = plan;
        }

        var (loaded, diagnostics) = EstateLoader.Load(new EstateSources("e", EstateFile, files), new LoadOptions(null, new Dictionary<string, string>(), TestCatalog.Instance));
        Assert.True(loaded is not null, string.Join('\n', diagnostics));
        return loaded;
    }
}
