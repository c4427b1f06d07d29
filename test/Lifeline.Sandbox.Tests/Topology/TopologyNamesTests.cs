using System.Text.RegularExpressions;
using Lifeline.Core.Estates.Sandbox;
using Lifeline.Sandbox.Environment.Kinds;

namespace Lifeline.Sandbox.Tests.Topology;

/// <summary>No estate is known to code: the sandbox is built from the estate file, so no name from one appears in src/ as a literal.</summary>
public sealed partial class TopologyNamesTests
{
    [Fact]
    public void SourceCode_EstateSandboxNames_AppearInNoStringLiteral()
    {
        // Given every name the estates' sandbox sections use (components, members, processes, services, zones, records, databases)
        var names = new HashSet<string>(StringComparer.Ordinal);
        var siteNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var topology in (SandboxTopology[])[Topologies.Axis, Topologies.Load(Topologies.TriSiteEstate)])
        {
            siteNames.UnionWith(topology.Sites);
            foreach (var component in topology.Components)
            {
                names.Add(component.Name);
                names.UnionWith(component.Members.Select(m => $"{component.Name}-{m.Name}"));
                names.UnionWith(component.Members.Select(m => m.Resource).OfType<string>());
                names.UnionWith(component.Instances.Keys.Select(site => $"{component.Name}-{site}"));
                names.UnionWith(component.Records.Keys);
                names.UnionWith(component.Settings.Values.Where(v => v.Length > 3));
            }
        }

        // Words of Lifeline's own vocabulary an estate may reuse as names: component kinds, PostgreSQL roles, provider
        // settings ("vault" of aws-backup), a readiness item ("backups").
        string[] vocabulary = [.. SandboxKinds.Names, "primary", "standby", "api", "secrets", "backups", "vault"];
        names.ExceptWith(vocabulary);
        siteNames.ExceptWith(vocabulary);

        // When src/ is scanned for string literals (site names only in the sandbox's own projects: "primary" is a database role elsewhere)
        var hits = new List<string>();
        var src = Path.Combine(Topologies.RepositoryRoot, "src");
        foreach (var file in Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories).Where(f => !f.Contains("/obj/", StringComparison.Ordinal)))
        {
            var sandboxCode = file.Contains("/Lifeline.Sandbox", StringComparison.Ordinal);
            var code = string.Join("\n", File.ReadLines(file).Where(l => !l.TrimStart().StartsWith("//", StringComparison.Ordinal)));
            foreach (Match literal in Literal().Matches(code))
            {
                var text = literal.Groups[1].Value;
                if (names.Contains(text) || (sandboxCode && siteNames.Contains(text)) || text.Contains("axis", StringComparison.OrdinalIgnoreCase) && sandboxCode)
                {
                    hits.Add($"{Path.GetRelativePath(src, file)}: \"{text}\"");
                }
            }
        }

        // Then there are none
        Assert.True(hits.Count == 0, string.Join("\n", hits));
    }

    [Fact]
    public void Registry_EveryKindTheEstateReaderAdmits_HasOneBuilder()
    {
        Assert.Equal(SandboxKinds.Names.Order(StringComparer.Ordinal), SandboxKindRegistry.All.Select(k => k.Kind).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Faults_EveryWordTheEstateReaderAdmits_IsOneTheSandboxDispatches()
    {
        // A drill scenario's fault words are checked by Core's list; lifeline sandbox fault dispatches the manager's.
        Assert.Equal(SandboxFaults.Words.Order(StringComparer.Ordinal), global::Lifeline.Sandbox.Environment.SandboxManager.Faults.Order(StringComparer.Ordinal));
    }

    [GeneratedRegex("\"([^\"\\\\\\n]*)\"")]
    private static partial Regex Literal();
}
