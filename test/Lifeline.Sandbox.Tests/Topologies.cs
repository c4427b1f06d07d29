using Lifeline.Core.Estates.Sandbox;
using Lifeline.Sandbox.Environment;
using Lifeline.Sandbox.Tests.Detection;

namespace Lifeline.Sandbox.Tests;

/// <summary>The sandbox topologies tests build: the Axis example estate's, and the three-site fixture's.</summary>
internal static class Topologies
{
    private static readonly Lazy<SandboxTopology> AxisTopology = new(() => Load(Path.Combine(RepositoryRoot, "examples", "axis-imaging")));

    public static SandboxTopology Axis => AxisTopology.Value;

    /// <summary>
    /// The Axis topology without its Multi-AZ standby (the primary site's synchronous <c>standby-az</c>, ADR 0024): the
    /// primary then commits without waiting for any standby, so a test that cuts the primary site shows what the fence
    /// alone does, not a commit stalled on a standby the cut also isolated.
    /// </summary>
    public static SandboxTopology AxisWithoutMultiAzStandby => AxisTopology.Value with
    {
        Components = [.. AxisTopology.Value.Components.Select(c => c with { Members = [.. c.Members.Where(m => !(m.Sync && m.Site == c.Primary?.Site))] })],
    };

    public static string MedZenEstate => Path.Combine(RepositoryRoot, "examples", "medzen");

    public static SandboxTopology MedZen => Load(MedZenEstate);

    public static string TriSiteEstate => Path.Combine(AppContext.BaseDirectory, "Topology", "TriSiteEstate");

    public static string RepositoryRoot
    {
        get
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Lifeline.slnx")))
                {
                    return directory.FullName;
                }
            }

            throw new InvalidOperationException("Lifeline.slnx not found above the test binaries");
        }
    }

    public static SandboxTopology Load(string estateDirectory)
    {
        var (topology, error) = SandboxTopologyLoader.Load(estateDirectory, MonitoredSandbox.Providers);
        return topology ?? throw new InvalidOperationException(error);
    }
}
