using Lifeline.Core.PlanFiles;
using Lifeline.Core.Plans;
using Lifeline.Core.Providers;
using Lifeline.Engine.Tests.Support;
using Lifeline.Providers;
using Microsoft.Extensions.DependencyInjection;

namespace Lifeline.Engine.Tests.Examples;

/// <summary>The checked-in MedZen estate, loaded with the real provider catalog: what the runbook says is what it holds.</summary>
public sealed class MedZenEstateTests
{
    private static readonly IProviderCatalog Catalog =
        new ServiceCollection().AddSingleton(TimeProvider.System).AddLifelineProviders().BuildServiceProvider().GetRequiredService<ProviderRegistry>();

    private static readonly string[] Scenarios =
    [
        "ai-service-failover", "ai-service-reroute", "ai-service-rollback", "chime-agora-fallback", "chime-media-failover", "ehrbase-failover", "rds-cross-region-recovery",
        "rds-recovery", "region-failure-af-south-1", "region-failure-eu-west-1", "return-to-primary", "security-incident",
    ];

    [Theory]
    [InlineData("production")]
    [InlineData(null)]
    public void Load_MedZenExample_HasNoErrorsAndAPlanPerRunbookScenario(string? profile)
    {
        // Given the checked-in example
        var (sources, readErrors) = EstateSources.Read(Path.Combine(RepositoryPaths.Root, "examples", "medzen"));
        Assert.Empty(readErrors);

        // When it is loaded
        var (estate, diagnostics) = EstateLoader.Load(sources!, new LoadOptions(profile, new Dictionary<string, string>(), Catalog));

        // Then nothing is wrong with it, and every runbook scenario has its plan
        Assert.True(diagnostics.Count == 0, string.Join('\n', diagnostics));
        Assert.NotNull(estate);
        Assert.Equal(Scenarios, estate.Plans.Select(p => p.Scenario).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Load_MedZenExample_CarriesTheRunbooksQuickReferenceAndEscalation()
    {
        var estate = Load();

        // RTO 15 minutes, RPO 5 minutes; three regions
        Assert.Equal(TimeSpan.FromMinutes(15), estate.Estate.Objectives.Rto["critical"]);
        Assert.Equal(TimeSpan.FromMinutes(5), estate.Estate.Objectives.Rpo["database"]);
        Assert.Equal(["af-south-1", "eu-west-1", "us-east-1"], estate.Estate.Sites.Where(s => s.Region is not null).Select(s => s.Region!));

        // Team Lead -> CTO, the CTO the executive level a P1 pages at once; legal's role says compliance, so breach reminders reach it
        Assert.Equal(["devops-on-call", "team-lead", "cto"], estate.Estate.Escalation.Select(l => string.Join(",", l.Contacts)));
        Assert.True(estate.Estate.Escalation.Single(l => l.Contacts.Contains("cto")).Executive);
        Assert.Contains("compliance", estate.Estate.Contacts.Single(c => c.Id == "legal").Role, StringComparison.OrdinalIgnoreCase);

        // The severity table with its response times
        Assert.Equal(["P1 0s", "P2 15m", "P3 1h", "P4 4h"], estate.Estate.Severities.Select(s => $"{s.Name} {Core.Time.DurationText.Format(s.Response)}"));

        // The testing schedule: monthly failover test and backup restore, quarterly production drill and security simulation, annual HIPAA review
        var calendar = estate.Estate.Calendar.ToDictionary(c => c.Id);
        Assert.Equal("region-failure-af-south-1", calendar["monthly-failover-test"].Drill);
        Assert.Equal("rds-recovery", calendar["monthly-backup-restoration"].Drill);
        Assert.Equal("security-incident", calendar["quarterly-security-simulation"].Drill);
        Assert.Equal("legal", calendar["annual-hipaa-review"].Owner);
    }

    [Fact]
    public void Load_MedZenPlans_DetectAsTheMonitorDoesAndKeepTheirSafeguards()
    {
        var estate = Load();
        Plan Plan(string scenario) => estate.FindPlan(scenario)!;

        // EHRbase fails over on its own, as Route 53 would; region failures wait at a person's gate; PITR only pages
        Assert.Equal(("service-unhealthy", "ehr-primary", DecisionPolicy.Auto), Of(Plan("ehrbase-failover").Trigger!));
        Assert.Equal(("service-unhealthy", "ai-api", DecisionPolicy.Approve), Of(Plan("ai-service-failover").Trigger!));
        Assert.Equal(("service-unhealthy", "meetings-api", DecisionPolicy.Approve), Of(Plan("chime-media-failover").Trigger!));
        Assert.Equal(("database-unreachable", "db-primary", DecisionPolicy.Notify), Of(Plan("rds-recovery").Trigger!));
        Assert.Equal(("site-unreachable", "af-south-1", DecisionPolicy.Approve), Of(Plan("region-failure-af-south-1").Trigger!));
        Assert.Equal(("site-unreachable", "eu-west-1", DecisionPolicy.Approve), Of(Plan("region-failure-eu-west-1").Trigger!));

        // The security incident starts the breach clock and pages legal, waiting until the notice is delivered
        Assert.True(Plan("security-incident").PossibleBreach);
        var legal = (NotifyBody)Plan("security-incident").FindStep("page-legal")!.Body;
        Assert.Contains("legal", legal.To);
        Assert.True(legal.WaitForDelivery);

        // Return to primary soaks for the whole 24 hours before its gate
        var soak = (CheckBody)Plan("return-to-primary").FindStep("soak")!.Body;
        Assert.Equal(TimeSpan.FromHours(24), soak.Hold);
        Assert.Contains("soak", Plan("return-to-primary").FindStep("cutover-gate")!.Needs);

        // Every failover fences the old primary before it promotes
        foreach (var scenario in new[] { "ehrbase-failover", "region-failure-af-south-1", "rds-cross-region-recovery" })
        {
            Assert.Contains("fence-primary", Plan(scenario).FindStep("promote")!.Needs);
        }
    }

    private static (string, string, DecisionPolicy) Of(Trigger trigger) => (trigger.Kind, trigger.Subject, trigger.Decision);

    private static LoadedEstate Load()
    {
        var (sources, _) = EstateSources.Read(Path.Combine(RepositoryPaths.Root, "examples", "medzen"));
        var (estate, diagnostics) = EstateLoader.Load(sources!, new LoadOptions(null, new Dictionary<string, string>(), Catalog));
        Assert.True(estate is not null, string.Join('\n', diagnostics));
        return estate;
    }
}
