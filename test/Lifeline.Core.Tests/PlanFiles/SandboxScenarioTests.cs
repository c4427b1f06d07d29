using Lifeline.Core.Estates.Sandbox;
using Lifeline.Core.PlanFiles;
using static Lifeline.Core.Tests.PlanFiles.LoaderFixture;

namespace Lifeline.Core.Tests.PlanFiles;

/// <summary>The sandbox's drill scenarios (<c>lifeline demo --scenario</c>): what they read, and every mistake reported where it is written.</summary>
public sealed class SandboxScenarioTests
{
    private const string Sandbox = """
        sandbox:
          sites: [primary]
          components:
            db:
              kind: postgres
              with: { database: d }
              members:
                one: { site: primary, resource: db }
            vault: { kind: file-secrets, site: primary }
          scenarios:
            first:
              plan: p
              faults: ["kill db", "kill-site primary", primary-db]
              inputs: { window: 2s }
            second:
              plan: p
              description: Run after the first
              workload: false
              after: first

        """;

    private const string PlanWithInput = """
        scenario: p
        severity: P1
        inputs:
          window: { default: 30m }
        phases:
          - id: one
            budget: 10m
            steps:
              - { id: wait, wait: 1s }
        """;

    [Fact]
    public void Load_ValidScenarios_ReadsThemInOrderWithTheirFaultsAndDefaults()
    {
        // Given an estate whose sandbox declares two drill scenarios
        var files = new Dictionary<string, string> { [EstateFile] = Estate + Sandbox, [PlanFile] = PlanWithInput };

        // When it is loaded
        var (loaded, diagnostics) = EstateLoader.Load(new EstateSources("e", EstateFile, files), new LoadOptions(null, new Dictionary<string, string>(), TestCatalog.Instance));

        // Then both are read, in the order written, with their faults split into word and target
        Assert.Empty(diagnostics);
        var scenarios = loaded!.Estate.Sandbox!.Scenarios;
        Assert.Equal(["first", "second"], scenarios.Select(s => s.Name));
        Assert.Equal(["kill db", "kill-site primary", "primary-db"], scenarios[0].Faults.Select(f => f.ToString()));
        Assert.Equal(new SandboxFault("kill", "db", scenarios[0].Faults[0].Location), scenarios[0].Faults[0]);
        Assert.Equal("2s", scenarios[0].Inputs["window"]);
        Assert.True(scenarios[0].Workload);
        Assert.Null(scenarios[0].After);
        Assert.False(scenarios[1].Workload);
        Assert.Equal("first", scenarios[1].After);
        Assert.Equal("Run after the first", scenarios[1].Description);
    }

    [Fact]
    public void Load_ScenarioWithoutPlanKey_DrillsThePlanOfItsOwnName()
    {
        var estate = Estate + Sandbox.Replace("    first:\n      plan: p\n", "    p:\n", StringComparison.Ordinal).Replace("after: first", "after: p", StringComparison.Ordinal);

        var diagnostics = LoaderFixture.Load(estate, PlanWithInput);

        Assert.Empty(diagnostics);
    }

    [Theory]
    [InlineData("\"kill db\"", "\"kil db\"", "e/estate.yaml:41:16: error: 'kil' is not a sandbox fault (did you mean 'kill'?); expected one of kill-site,")]
    [InlineData("\"kill-site primary\"", "\"kill-site dr\"", "e/estate.yaml:41:27: error: fault 'kill-site' names 'dr', which is not a sandbox site; expected kill-site followed by one of primary")]
    [InlineData("\"kill db\"", "\"kill\"", "e/estate.yaml:41:16: error: fault 'kill' needs a resource; expected kill followed by")]
    [InlineData("primary-db]", "primary-db now]", "e/estate.yaml:41:48: error: fault 'primary-db' takes no target, but 'primary-db now' names one")]
    [InlineData("after: first", "after: frist", "e/estate.yaml:47:14: error: sandbox scenario 'second' runs after 'frist', which is not another scenario (did you mean 'first'?); expected one of first")]
    [InlineData("after: first", "after: second", "e/estate.yaml:47:14: error: sandbox scenario 'second' runs after 'second', which is not another scenario; expected one of first")]
    [InlineData("      inputs: { window: 2s }", "      inputs: { window: 2s }\n      after: second", "e/estate.yaml:43:14: error: sandbox scenarios run after each other in a cycle: first after second after first")]
    [InlineData("      plan: p\n      faults", "      plan: q\n      faults", "e/estate.yaml:40:13: error: sandbox scenario 'first' drills plan 'q', which no plan defines (did you mean 'p'?); expected one of p")]
    [InlineData("inputs: { window: 2s }", "inputs: { windw: 2s }", "e/estate.yaml:42:17: error: sandbox scenario 'first' gives input 'windw', which plan 'p' does not declare (did you mean 'window'?); expected one of window")]
    [InlineData("workload: false", "workload: no", "e/estate.yaml:46:17: error: 'workload' is 'no', not true or false; expected true or false")]
    [InlineData("workload: false", "workloads: false", "e/estate.yaml:46:7: error: unknown key 'workloads' in sandbox scenario 'second' (did you mean 'workload'?)")]
    public void Load_ScenarioMistake_IsALocatedError(string good, string bad, string expected)
    {
        // Given a drill scenario with one mistake
        var estate = Estate + Sandbox.Replace(good, bad, StringComparison.Ordinal);

        // When the estate and its plan are loaded
        var diagnostics = LoaderFixture.Load(estate, PlanWithInput);

        // Then the mistake is reported where it is written, with what was expected, and nothing else is
        Assert.True(diagnostics.Any(d => d.StartsWith(expected, StringComparison.Ordinal)), string.Join("\n", diagnostics));
        Assert.Single(diagnostics);
    }

    [Fact]
    public void Load_EstateFileAlone_DoesNotCheckPlansItCannotSee()
    {
        // Given the estate file read alone, as lifeline sandbox up reads it
        var files = new Dictionary<string, string> { [EstateFile] = Estate + Sandbox };
        var sources = new EstateSources("e", EstateFile, files) { Narrowed = true };

        var (loaded, diagnostics) = EstateLoader.Load(sources, new LoadOptions(null, new Dictionary<string, string>(), TestCatalog.Instance));

        // Then the scenarios are read without complaining about plan p, which is not part of the load
        Assert.Empty(diagnostics);
        Assert.Equal(2, loaded!.Estate.Sandbox!.Scenarios.Count);
    }
}
