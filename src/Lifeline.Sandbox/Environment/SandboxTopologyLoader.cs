using Lifeline.Core.Estates.Sandbox;
using Lifeline.Core.PlanFiles;
using Lifeline.Core.Providers;

namespace Lifeline.Sandbox.Environment;

/// <summary>Reads an estate's sandbox section (its estate.yaml alone: plans play no part in building the sandbox).</summary>
internal static class SandboxTopologyLoader
{
    public static (SandboxTopology? Topology, string? Error) Load(string estateDirectory, IProviderCatalog catalog)
    {
        var (sources, readErrors) = EstateSources.Read(estateDirectory);
        if (sources is null)
        {
            return (null, string.Join("\n", readErrors));
        }

        var estateOnly = sources with { Files = sources.Files.Where(f => f.Key == sources.EstateFile).ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal), Narrowed = true };
        var (loaded, diagnostics) = EstateLoader.Load(estateOnly, new LoadOptions(null, new Dictionary<string, string>(), catalog));
        if (loaded is null)
        {
            return (null, string.Join("\n", diagnostics.Where(d => d.IsError)));
        }

        return loaded.Estate.Sandbox is { } topology
            ? (topology, null)
            : (null, $"{sources.EstateFile}: the estate has no sandbox section; expected sandbox: {{ sites: [...], components: {{...}} }} (docs/sandbox.md)");
    }
}
