using Lifeline.Core.PlanFiles;

namespace Lifeline.Core.Tests.PlanFiles;

/// <summary>A small estate and a one-phase plan in memory, for tests that break one thing at a time.</summary>
internal static class LoaderFixture
{
    public const string EstateFile = "e/estate.yaml";
    public const string PlanFile = "e/plans/p.yaml";

    public const string Estate = """
        estate: t
        profiles: [production, sandbox]
        sites:
          primary: { role: primary }
        objectives:
          rto: { critical: 4h }
          rpo: { database: 15m }
        contacts:
          cto: { name: CTO }
          on-call: { name: On-call }
        resources:
          db:
            kind: database
            site: primary
            bindings:
              production: { provider: aws-rds, settings: { instance: i, region: r, database: d, user: u, password: p } }
              sandbox: { provider: postgres, settings: { host: h, port: "5432", database: d, user: u, password: p } }
          web:
            kind: endpoint
            site: primary
            bindings:
              production: { provider: http, settings: { url: "https://x" } }
              sandbox: { provider: http, settings: { url: "https://y" } }
          dbonly:
            kind: database
            site: primary
            bindings:
              production: { provider: aws-rds, settings: { instance: j, region: r } }

        """;

    /// <summary>A plan whose steps (indented by six spaces) start on line 7.</summary>
    public static string Plan(string steps) => $"""
        scenario: p
        severity: P1
        phases:
          - id: one
            budget: 10m
            steps:
        {steps}
        """;

    public static IReadOnlyList<string> Load(string estate, string? plan, string? profile = null, IReadOnlyDictionary<string, string>? inputs = null)
    {
        var files = new Dictionary<string, string> { [EstateFile] = estate };
        if (plan is not null)
        {
            files[PlanFile] = plan;
        }

        var sources = new EstateSources("e", EstateFile, files);
        var (loaded, diagnostics) = EstateLoader.Load(sources, new LoadOptions(profile, inputs ?? new Dictionary<string, string>(), TestCatalog.Instance));
        Assert.Equal(diagnostics.Any(d => d.IsError), loaded is null);
        return [.. diagnostics.Select(d => d.ToString())];
    }

    public static IReadOnlyList<string> Steps(string steps, string? profile = null) => Load(Estate, Plan(steps), profile);
}
