using Lifeline.Core.PlanFiles;
using Lifeline.Core.Providers;
using Lifeline.Providers;
using Lifeline.Server.Readiness;
using Microsoft.Extensions.DependencyInjection;

namespace Lifeline.Server.Tests.Readiness;

public sealed class FenceReadinessTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "lifeline-fence-readiness-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public void Evaluate_AdvisoryWatchdogAndAHostFenceWithoutDataDir_FailsNamingBoth()
    {
        // Given a watchdog fence that is advisory, and a plan that demotes a database whose binding has no host access
        var loaded = Load(watchdogFence: "advisory", dataDir: null);

        // When readiness looks at the fences
        var check = FenceReadiness.Evaluate(loaded, "sandbox");

        // Then it fails, saying advisory is weak and which binding lacks data-dir
        Assert.Equal("fail", check.Status);
        Assert.Contains("watchdog on db-a: method advisory is weak", check.Detail, StringComparison.Ordinal);
        Assert.Contains("failover/fence: method demote needs host access to db-a", check.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_FencesThatHoldWithHostAccess_Passes()
    {
        var check = FenceReadiness.Evaluate(Load(watchdogFence: "block", dataDir: "/var/lib/postgresql/15/main"), "sandbox");

        Assert.Equal("pass", check.Status);
        Assert.Equal("2 fence(s), every one holds", check.Detail);
    }

    private LoadedEstate Load(string watchdogFence, string? dataDir)
    {
        Directory.CreateDirectory(Path.Combine(_directory, "plans"));
        File.WriteAllText(Path.Combine(_directory, "estate.yaml"), $$"""
            estate: fences
            profiles: [sandbox]
            sites:
              primary: { role: primary }
              dr: { role: dr }
            resources:
              db-a:
                kind: database
                site: primary
                monitor: { probe: postgres, with: { fence: {{watchdogFence}} } }
                bindings:
                  sandbox:
                    provider: postgres
                    settings: { host: 127.0.0.1, port: "5432", database: d, user: u, password: p{{(dataDir is null ? "" : $", data-dir: {dataDir}")}} }
            """);
        File.WriteAllText(Path.Combine(_directory, "plans", "failover.yaml"), """
            scenario: failover
            severity: P1
            phases:
              - id: recover
                name: Recover
                budget: 1m
                steps:
                  - { id: fence, action: database.fence, target: db-a, with: { method: demote } }
            """);
        var providers = new ServiceCollection().AddLifelineProviders().BuildServiceProvider().GetRequiredService<ProviderRegistry>();
        var (sources, _) = EstateSources.Read(_directory);
        var (loaded, diagnostics) = EstateLoader.Load(sources!, new LoadOptions("sandbox", new Dictionary<string, string>(), providers));
        Assert.True(loaded is not null, string.Join("\n", diagnostics));
        return loaded!;
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
