using static Lifeline.Core.Tests.PlanFiles.LoaderFixture;

namespace Lifeline.Core.Tests.PlanFiles;

/// <summary>The estate's sandbox section: what it reads, and every mistake reported where it is written.</summary>
public sealed class SandboxSectionTests
{
    private const string Sandbox = """
        sandbox:
          sites: [primary]
          components:
            db:
              kind: postgres
              with: { database: d }
              members:
                one: { site: primary }
                two: { site: primary, replica-of: one, sync: true }
            web:
              kind: portal
              with: { database: db, secret: s }
              instances: { primary: 1 }
            dns:
              kind: powerdns
              with: { zone: t.sandbox. }
              records: { www: web@primary }
            vault: { kind: file-secrets, site: primary }

        """;

    [Fact]
    public void Load_ValidSandboxSection_HasNoDiagnostics()
    {
        Assert.Empty(LoaderFixture.Load(Estate + Sandbox, null));
    }

    [Theory]
    [InlineData("sites: [primary]", "sites: [primray]", "e/estate.yaml:30:11: error: sandbox site 'primray' is not a site of the estate (did you mean 'primary'?)")]
    [InlineData("two: { site: primary, replica-of: one", "two: { site: primary, replica-of: three", "e/estate.yaml:37:43: error: member 'two' replicates from 'three', which is not another member of 'db'")]
    [InlineData("with: { database: d }", "with: { database: d, port: 1 }", "e/estate.yaml:34:28: error: a postgres component does not take 'port'")]
    [InlineData("records: { www: web@primary }", "records: { www: web@dr }", "e/estate.yaml:45:23: error: record 'www' points at web in site 'dr', where it has no instances declared")]
    [InlineData("instances: { primary: 1 }", "instances: { primary: 9 }", "e/estate.yaml:41:29: error: instances.primary is '9'")]
    [InlineData("vault: { kind: file-secrets, site: primary }", "vault: { kind: file-secrets }", "e/estate.yaml:46:12: error: sandbox component 'vault' (file-secrets) has no site")]
    public void Load_SandboxMistake_IsALocatedError(string good, string bad, string expected)
    {
        var diagnostics = LoaderFixture.Load(Estate + Sandbox.Replace(good, bad, StringComparison.Ordinal), null);

        Assert.Contains(diagnostics, d => d.StartsWith(expected, StringComparison.Ordinal));
        Assert.All(diagnostics, d => Assert.Contains(": error: ", d, StringComparison.Ordinal));
    }
}
